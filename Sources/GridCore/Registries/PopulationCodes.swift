import Foundation

/// 民族 by GB/T 3304 code: the code is stored, the name shown.
public enum Ethnicity {
    public static let names: [String: String] = [
        "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族", "07": "彝族", "08": "壮族",
        "09": "布依族", "10": "朝鲜族", "11": "满族", "12": "侗族", "13": "瑶族", "14": "白族", "15": "土家族", "16": "哈尼族",
        "17": "哈萨克族", "18": "傣族", "19": "黎族", "20": "傈僳族", "21": "佤族", "22": "畲族", "23": "高山族", "24": "拉祜族",
        "25": "水族", "26": "东乡族", "27": "纳西族", "28": "景颇族", "29": "柯尔克孜族", "30": "土族", "31": "达斡尔族",
        "32": "仫佬族", "33": "羌族", "34": "布朗族", "35": "撒拉族", "36": "毛南族", "37": "仡佬族", "38": "锡伯族",
        "39": "阿昌族", "40": "普米族", "41": "塔吉克族", "42": "怒族", "43": "乌孜别克族", "44": "俄罗斯族", "45": "鄂温克族",
        "46": "德昂族", "47": "保安族", "48": "裕固族", "49": "京族", "50": "塔塔尔族", "51": "独龙族", "52": "鄂伦春族",
        "53": "赫哲族", "54": "门巴族", "55": "珞巴族", "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士",
    ]

    /// The code of `text`: a code (`01`, `1`), a name with or without 族 (`汉族`, `汉`).
    public static func code(_ text: String) -> String? {
        let trimmed = text.halfWidth.trimmingCharacters(in: .whitespaces)
        if let number = Int(trimmed), number > 0 {
            let code = number < 10 ? "0\(number)" : String(number)
            return names[code] != nil ? code : nil
        }
        let withSuffix = trimmed.hasSuffix("族") || names.values.contains(trimmed) ? trimmed : trimmed + "族"
        return names.first { $0.value == withSuffix || $0.value == trimmed }?.key
    }
}

/// 人口类型, coded as one widely used system codes it.
public enum PopulationType: String, Sendable, Hashable, CaseIterable {
    /// 户籍人口.
    case registered = "01"
    /// 流动人口.
    case floating = "02"
    /// 留守人员.
    case leftBehind = "03"
    /// 境外人员.
    case foreign = "99"

    public var chineseName: String {
        switch self {
        case .registered: "户籍"
        case .floating: "流动"
        case .leftBehind: "留守"
        case .foreign: "境外"
        }
    }

    /// A code (`01`) or a name (`户籍`, `户籍人口`, `流动人口`).
    public init?(text: String) {
        let trimmed = text.halfWidth.trimmingCharacters(in: .whitespaces)
        if let byCode = PopulationType(rawValue: trimmed) {
            self = byCode
            return
        }
        guard let named = Self.allCases.first(where: { trimmed.hasPrefix($0.chineseName) }) else { return nil }
        self = named
    }
}
