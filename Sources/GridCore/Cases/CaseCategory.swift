/// Who handles a category's cases by default: the lowest level that can (小事不出格、大事不出网).
public enum HandlingLevel: Sendable, Hashable, TextCodable, CustomStringConvertible {
    /// The grid's community workstation (网格工作站/社区).
    case community
    /// The township's command centre (乡镇/街道综治中心).
    case township
    /// The county's command centre.
    case county
    /// A line department of the county, by its key (`CG` 城管, `HB` 环保, `XF` 消防 …).
    case department(String)

    public var description: String {
        switch self {
        case .community: "community"
        case .township: "township"
        case .county: "county"
        case .department(let key): "department:\(key)"
        }
    }

    public init?(_ text: String) {
        switch text {
        case "community": self = .community
        case "township": self = .township
        case "county": self = .county
        default:
            guard text.hasPrefix("department:"), text.count > 11 else { return nil }
            self = .department(String(text.dropFirst(11)))
        }
    }

    public init(checking text: String) throws {
        guard let level = HandlingLevel(text) else { throw CatalogueError.badHandler(text) }
        self = level
    }

    public var text: String { description }
}

/// A step of a case whose time is limited, in working hours.
public enum CaseStep: String, Sendable, Hashable, Codable, CaseIterable {
    /// From report to acceptance (受理).
    case accept
    /// From acceptance to dispatch (派遣).
    case dispatch
    /// From dispatch to the unit's feedback (处置).
    case handle
    /// From feedback to verification (核查).
    case verify
    /// 吹哨报到: from a whistle to each called department's report-in. It runs beside the case's
    /// own step rather than being one.
    case reportIn = "report_in"
}

/// A category of the catalogue (two levels: 安全隐患 › 消防通道堵塞).
public struct CaseCategory: Sendable, Hashable, Codable {
    /// `AQ` for a top category, `AQ01` below it.
    public var code: String
    public var name: String
    /// The name on English pages; the Chinese ``name`` where none is given.
    public var englishName: String?
    /// The top category this one belongs to; `nil` for a top category (which takes no cases itself).
    public var parent: String?
    public var handler: HandlingLevel
    /// Working hours allowed for each step.
    public var limits: [CaseStep: Double]

    public init(
        code: String, name: String, englishName: String? = nil, parent: String?, handler: HandlingLevel,
        limits: [CaseStep: Double]
    ) {
        self.code = code
        self.name = name
        self.englishName = englishName
        self.parent = parent
        self.handler = handler
        self.limits = limits
    }

    /// The name a page in `language` shows.
    public func displayName(in language: WorkflowLanguage) -> String {
        language == .en ? englishName ?? name : name
    }

    public func limit(_ step: CaseStep) -> Double { limits[step] ?? CaseCatalogue.defaultLimits[step] ?? 24 }
}

/// The category catalogue; ships with a Chinese default and is edited by administrators.
public struct CaseCatalogue: Sendable, Hashable, Codable {
    public var categories: [CaseCategory]

    public static let defaultLimits: [CaseStep: Double] = [
        .accept: 1, .dispatch: 2, .handle: 24, .verify: 8, .reportIn: 2,
    ]

    public init(categories: [CaseCategory]) throws(CatalogueError) {
        var seen: Set<String> = []
        var categories = categories
        for (index, category) in categories.enumerated() {
            guard !category.code.isEmpty, category.code.utf8.count <= 16,
                category.code.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) })
            else { throw .invalid(index: index, field: "code", reason: "'\(category.code)' must be 1–16 of A–Z, 0–9") }
            guard seen.insert(category.code).inserted else {
                throw .invalid(index: index, field: "code", reason: "duplicate code \(category.code)")
            }
            do { categories[index].name = try TextRule.name.checked(category.name) } catch {
                throw .invalid(index: index, field: "name", reason: error.reason)
            }
            if let english = category.englishName {
                do {
                    let checked = try TextRule(length: 0...64).checked(english)
                    categories[index].englishName = checked.isEmpty ? nil : checked
                } catch {
                    throw .invalid(index: index, field: "name_en", reason: error.reason)
                }
            }
            if let parent = category.parent {
                guard let top = categories.first(where: { $0.code == parent }), top.parent == nil else {
                    throw .invalid(
                        index: index, field: "parent", reason: "'\(parent)' is not a top category of the catalogue")
                }
            }
            for (step, hours) in category.limits where !(hours > 0 && hours <= 10_000) {
                throw .invalid(
                    index: index, field: "limits.\(step.rawValue)", reason: "must be between 0 and 10,000 working hours"
                )
            }
        }
        self.categories = categories
    }

    /// A category cases may be reported in (a second-level one).
    public func reportable(_ code: String) -> CaseCategory? {
        categories.first { $0.code == code && $0.parent != nil }
    }

    public static let chinaDefault: CaseCatalogue = {
        func top(_ code: String, _ name: String, _ english: String) -> CaseCategory {
            CaseCategory(code: code, name: name, englishName: english, parent: nil, handler: .township, limits: [:])
        }
        func sub(_ code: String, _ name: String, _ english: String, _ handler: HandlingLevel, handle: Double)
            -> CaseCategory
        {
            CaseCategory(
                code: code, name: name, englishName: english, parent: String(code.prefix(2)), handler: handler,
                limits: [.accept: 1, .dispatch: 2, .handle: handle, .verify: 8])
        }
        let categories = [
            top("AQ", "安全隐患", "Safety hazards"),
            sub("AQ01", "消防通道堵塞", "Blocked fire lane", .department("XF"), handle: 8),
            sub("AQ02", "燃气安全隐患", "Gas hazard", .department("AJ"), handle: 4),
            sub("AQ03", "危房险情", "Unsafe building", .township, handle: 8),
            top("HJ", "环境卫生", "Sanitation"),
            sub("HJ01", "垃圾堆放", "Dumped rubbish", .community, handle: 24),
            sub("HJ02", "污水外溢", "Sewage overflow", .department("HB"), handle: 48),
            top("JF", "矛盾纠纷", "Disputes"),
            sub("JF01", "邻里纠纷", "Neighbour dispute", .community, handle: 72),
            sub("JF02", "物业纠纷", "Property management dispute", .township, handle: 120),
            top("SR", "市容秩序", "Street order"),
            sub("SR01", "占道经营", "Street vending", .department("CG"), handle: 24),
            sub("SR02", "违章搭建", "Illegal structure", .department("CG"), handle: 120),
            top("MS", "民生诉求", "Public services"),
            sub("MS01", "路灯损坏", "Broken street light", .township, handle: 48),
            sub("MS02", "养老助残服务", "Care for the elderly and disabled", .community, handle: 72),
            top("ZA", "社会治安", "Public order"),
            sub("ZA01", "可疑情况", "Suspicious activity", .department("GA"), handle: 4),
        ]
        // The literal above is checked by a test; a failure here would be a programming error.
        return (try? CaseCatalogue(categories: categories)) ?? CaseCatalogue(unchecked: categories)
    }()

    private init(unchecked categories: [CaseCategory]) { self.categories = categories }
}

public enum CatalogueError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(index: Int, field: String, reason: Reason)
    case badHandler(String)

    public var reason: Reason {
        switch self {
        case .invalid(_, _, let reason): reason
        case .badHandler(let text): "'\(text)' is not community, township, county or department:KEY"
        }
    }

    public var description: String {
        switch self {
        case .invalid(let index, let field, let reason): "categories[\(index)].\(field): \(reason)"
        case .badHandler: reason.description
        }
    }
}
