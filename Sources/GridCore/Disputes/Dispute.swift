import Foundation

/// 纠纷类型.
public enum DisputeKind: String, Sendable, Hashable, Codable, CaseIterable {
    case neighbour, family, land, labour, property, demolition, medical, consumer, other

    public var chineseName: String {
        switch self {
        case .neighbour: "邻里纠纷"
        case .family: "婚姻家庭纠纷"
        case .land: "土地山林纠纷"
        case .labour: "劳动争议"
        case .property: "物业纠纷"
        case .demolition: "征地拆迁纠纷"
        case .medical: "医患纠纷"
        case .consumer: "消费纠纷"
        case .other: "其他纠纷"
        }
    }
}

/// 风险等级: a high one tells the township's comprehensive-governance centre (综治中心) at once.
public enum DisputeRisk: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, medium, high

    public static func < (lhs: DisputeRisk, rhs: DisputeRisk) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    public var chineseName: String {
        switch self {
        case .low: "一般"
        case .medium: "较大"
        case .high: "重大"
        }
    }
}

/// Where a dispute came from.
public enum DisputeSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// 排查: found by a grid worker's screening
    case screening
    /// 群众反映: brought by a party or a resident
    case resident
    /// 转交: referred by another body (police station, court, petition office)
    case referral
    /// 案件转: a case turned into a dispute
    case caseTurned = "case"

    public var chineseName: String {
        switch self {
        case .screening: "排查发现"
        case .resident: "群众反映"
        case .referral: "部门转交"
        case .caseTurned: "案件转入"
        }
    }
}

/// 调解结果 when a dispute leaves mediation other than by agreement.
public enum DisputeReferral: String, Sendable, Hashable, Codable, CaseIterable {
    case court, police, petition, arbitration

    public var chineseName: String {
        switch self {
        case .court: "移交法院"
        case .police: "移交公安"
        case .petition: "转信访"
        case .arbitration: "移交仲裁"
        }
    }
}

/// A party to a dispute: a person of the registry (by id; their identity is the registry's to
/// protect) or an outsider named as told.
public struct DisputeParty: Sendable, Hashable, Codable {
    public var name: String
    public var personID: String?

    public init(name: String, personID: String? = nil) {
        (self.name, self.personID) = (name, personID)
    }

    private enum CodingKeys: String, CodingKey {
        case name
        case personID = "person_id"
    }
}

/// Who mediates: an account (a community mediator, a township's), or a volunteer mediation
/// organisation or a lawyer named as such.
public struct DisputeMediator: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 人民调解员 of the community or township
        case community
        /// 志愿调解组织 (老娘舅 …)
        case volunteer
        /// 律师
        case lawyer

        public var chineseName: String {
            switch self {
            case .community: "人民调解员"
            case .volunteer: "志愿调解组织"
            case .lawyer: "律师"
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// The account that acts as this mediator (reads minutes, records sessions), if any.
    public var account: String?

    public init(name: String, kind: Kind, account: String? = nil) {
        (self.name, self.kind, self.account) = (name, kind, account)
    }
}

extension DisputeParty {
    /// The parties as one key, whatever their order: a repeat dispute between the same parties
    /// shares it (registry people by id, outsiders by name).
    public static func key(_ parties: [DisputeParty]) -> String {
        parties.map { $0.personID.map { "p:\($0)" } ?? "n:\($0.name)" }.sorted().joined(separator: "|")
    }
}
