/// A checklist of 安全隐患排查 (fire safety of the 九小场所, rental housing, work safety, gas): the
/// items an inspector answers at a place, each with the case category a failure raises. The
/// shipped lists are ``shipped``; an administrator edits them and adds more (the catalogue is data).
public struct InspectionChecklist: Sendable, Hashable, Codable {
    /// What a checklist is answered at.
    public enum Place: String, Sendable, Hashable, Codable, CaseIterable {
        /// 实有单位, by credit code.
        case unit
        /// 实有房屋, by standard address.
        case house
    }

    public struct Item: Sendable, Hashable, Codable {
        public var key: String
        public var label: String
        /// The case category a failed answer raises (`AQ01` 消防通道堵塞 …).
        public var category: String

        public init(key: String, label: String, category: String) {
            (self.key, self.label, self.category) = (key, label, category)
        }
    }

    public var code: String
    public var name: String
    public var places: [Place]
    public var items: [Item]
    /// Days a failed item is given to be put right (整改期限).
    public var rectifyDays: Int

    public init(code: String, name: String, places: [Place], items: [Item], rectifyDays: Int = 7) {
        (self.code, self.name, self.places, self.items, self.rectifyDays) = (code, name, places, items, rectifyDays)
    }

    /// How often a place is inspected, by its risk: days between inspections.
    public static func intervalDays(risk: Risk) -> Int {
        switch risk {
        case .high: 30
        case .medium: 90
        case .low: 180
        }
    }

    /// A place's risk for the inspection plan: 九小场所, 危化品 and 重点单位 are high, as is a
    /// rental with a serious hidden danger; a rental otherwise medium; the rest low.
    public enum Risk: String, Sendable, Hashable, CaseIterable, Comparable {
        case high, medium, low

        public var chineseName: String {
            switch self {
            case .high: "高"
            case .medium: "中"
            case .low: "低"
            }
        }

        public static func < (a: Risk, b: Risk) -> Bool {
            allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
        }
    }

    public static let shipped: [InspectionChecklist] = [
        InspectionChecklist(
            code: "XF9", name: "九小场所消防安全", places: [.unit],
            items: [
                Item(key: "exits", label: "安全出口、疏散通道畅通", category: "AQ01"),
                Item(key: "extinguishers", label: "灭火器配置齐全有效", category: "AQ01"),
                Item(key: "wiring", label: "电气线路无私拉乱接", category: "AQ01"),
                Item(key: "sleeping", label: "经营场所无住人（“三合一”）", category: "AQ01"),
                Item(key: "gas", label: "燃气使用规范", category: "AQ02"),
            ]),
        InspectionChecklist(
            code: "CZF", name: "出租房屋安全", places: [.house],
            items: [
                Item(key: "crowding", label: "无群租、未超限住人", category: "SR02"),
                Item(key: "exits", label: "疏散通道畅通", category: "AQ01"),
                Item(key: "ebikes", label: "电动车不在楼道、室内停放充电", category: "AQ01"),
                Item(key: "gas", label: "燃气使用规范", category: "AQ02"),
                Item(key: "registered", label: "租住人员已登记", category: "ZA01"),
            ], rectifyDays: 3),
        InspectionChecklist(
            code: "AQSC", name: "安全生产", places: [.unit],
            items: [
                Item(key: "machinery", label: "设备设施安全防护完好", category: "AQ03"),
                Item(key: "chemicals", label: "危险化学品存放规范", category: "AQ02"),
                Item(key: "exits", label: "安全出口畅通、标识清晰", category: "AQ01"),
            ], rectifyDays: 15),
        InspectionChecklist(
            code: "RQ", name: "燃气安全", places: [.unit, .house],
            items: [
                Item(key: "hose", label: "燃气软管无老化、无过长", category: "AQ02"),
                Item(key: "alarm", label: "燃气报警器安装有效", category: "AQ02"),
                Item(key: "valve", label: "安装自闭阀、切断阀", category: "AQ02"),
                Item(key: "ventilation", label: "用气场所通风良好", category: "AQ02"),
            ], rectifyDays: 3),
    ]
}
