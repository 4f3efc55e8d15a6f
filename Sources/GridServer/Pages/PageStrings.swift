/// Every string the pages show, in Simplified Chinese (the default) and English (`?lang=en`, remembered in a cookie).
enum PageLanguage: String, Sendable {
    case zh = "zh-CN"
    case en

    static let cookieName = "gridgov_lang"

    /// `?lang=` wins, then the cookie, then Chinese.
    static func of(query: String?, cookie: String?) -> PageLanguage {
        for candidate in [query, cookie] {
            switch candidate?.lowercased() {
            case "en": return .en
            case "zh", "zh-cn": return .zh
            default: continue
            }
        }
        return .zh
    }
}

enum PageStrings {
    static func table(_ language: PageLanguage) -> [String: String] {
        language == .en ? allEnglish : allChinese
    }

    /// One table per feature, merged; a key belongs to one table only.
    private static let allChinese = [chinese, residentChinese, caseChinese, adminChinese].reduce(into: [:]) { $0.merge($1) { first, _ in first } }
    private static let allEnglish = [english, residentEnglish, caseEnglish, adminEnglish].reduce(into: [:]) { $0.merge($1) { first, _ in first } }

    static let chinese: [String: String] = [
        "app_name": "网格化社会治理平台",
        "login_title": "登录",
        "resident_hint": "群众反映问题无需登录：",
        "username": "用户名",
        "password": "密码",
        "log_in": "登录",
        "log_out": "退出登录",
        "bad_credentials": "用户名或密码错误",
        "too_many_attempts": "登录失败次数过多，请稍后再试",
        "login_busy": "登录的人太多，请稍等一秒再试",
        "required": "必填",
        "territory": "辖区",
        "whole_territory": "全部辖区",
        "children": "下级区域",
        "map": "区域地图",
        "code": "代码",
        "level": "层级",
        "no_children": "没有下级区域",
        "no_map": "该层级暂无边界数据",
        "signed_in_as": "当前用户",
        "forbidden_title": "无权访问",
        "forbidden_text": "该区域不在您的管辖范围内。",
        "not_found_title": "未找到",
        "not_found_text": "没有这个区域。",
        "back_to_top": "回到我的辖区",
        "other_language": "English",
        "other_language_code": "en",
        "level_province": "省", "level_city": "市", "level_county": "县（区）", "level_township": "乡镇（街道）",
        "level_village": "村（社区）", "level_grid": "网格", "level_micro_grid": "微网格",
    ]

    static let english: [String: String] = [
        "app_name": "GridGov — grid-based governance",
        "login_title": "Log in",
        "resident_hint": "Residents need no account:",
        "username": "User name",
        "password": "Password",
        "log_in": "Log in",
        "log_out": "Log out",
        "bad_credentials": "Wrong user name or password",
        "too_many_attempts": "Too many failed logins; try again later",
        "login_busy": "Too many logins at once; try again in a second",
        "required": "required",
        "territory": "Territory",
        "whole_territory": "Whole territory",
        "children": "Sub-regions",
        "map": "Map",
        "code": "Code",
        "level": "Level",
        "no_children": "No sub-regions",
        "no_map": "No boundaries at this level yet",
        "signed_in_as": "Signed in as",
        "forbidden_title": "Not allowed",
        "forbidden_text": "This region is outside your scope.",
        "not_found_title": "Not found",
        "not_found_text": "There is no such region.",
        "back_to_top": "Back to my territory",
        "other_language": "中文",
        "other_language_code": "zh",
        "level_province": "Province", "level_city": "City", "level_county": "County", "level_township": "Township",
        "level_village": "Village/community", "level_grid": "Grid", "level_micro_grid": "Micro-grid",
    ]
}
