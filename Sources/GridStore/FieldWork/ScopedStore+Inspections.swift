import Foundation
import GridCore

/// An inspection (安全隐患排查) as the inspector records it.
public struct NewInspection: Sendable {
    public var checklist: String
    public var place: InspectionChecklist.Place
    /// A credit code (an organisation) or a standard address code (a house).
    public var placeCode: String
    public var county: String
    /// Each item's answer: passed or not; an item left out was not applicable.
    public var answers: [String: Bool]
    public var notes: [String: String]
    public var note: String
    public var location: GeoPoint?
    public var photos: [Photo]

    public init(
        checklist: String, place: InspectionChecklist.Place, placeCode: String, county: String,
        answers: [String: Bool], notes: [String: String] = [:], note: String = "", location: GeoPoint? = nil,
        photos: [Photo] = []
    ) {
        (self.checklist, self.place, self.placeCode, self.county) = (checklist, place, placeCode, county)
        (self.answers, self.notes, self.note, self.location, self.photos) = (answers, notes, note, location, photos)
    }
}

/// An inspection as it is read back, with the cases its failed items raised.
public struct InspectionView: Sendable, Hashable {
    public struct Hazard: Sendable, Hashable {
        public var item: String
        public var caseNumber: String
        public var deadline: Int64
        public var rectifiedAt: Int64?
    }

    public var id: String
    public var grid: RegionCode
    public var place: InspectionChecklist.Place
    public var placeCode: String
    public var placeName: String
    public var checklist: String
    public var inspector: String
    public var inspectedAt: Int64
    public var note: String
    public var answers: [String: Bool]
    /// The inspection this one re-inspects (复查), if any.
    public var follows: String?
    public var hazards: [Hazard]
}

/// A place on the inspection plan: its risk, its last inspection, when the next is due, and the
/// hazards still open there.
public struct InspectionDue: Sendable, Hashable {
    public var place: InspectionChecklist.Place
    public var code: String
    public var name: String
    public var risk: InspectionChecklist.Risk
    public var lastInspectedAt: Int64?
    public var dueDay: CalendarDay
    public var openHazards: Int
}

extension ScopedStore {
    /// The checklists: the shipped ones, with an administrator's changes and additions.
    public func inspectionChecklists() async throws -> [InspectionChecklist] {
        let stored = try await store.database.read { db in
            try db.query("SELECT definition FROM inspection_checklists ORDER BY code", []).map { row in
                try JSONDecoder().decode(InspectionChecklist.self, from: Data(try row.text(0).utf8))
            }
        }
        var lists = InspectionChecklist.shipped
        for list in stored {
            if let index = lists.firstIndex(where: { $0.code == list.code }) {
                lists[index] = list
            } else {
                lists.append(list)
            }
        }
        return lists
    }

    /// Adds a checklist or changes one: territory administrators only; every item names a case
    /// category of the catalogue, keys are unique.
    public func saveChecklist(_ list: InspectionChecklist) async throws {
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("changing inspection checklists")
        }
        _ = try TextRule(length: 1...16).checked(list.code, field: "code")
        _ = try TextRule(length: 1...40).checked(list.name, field: "name")
        guard !list.items.isEmpty, list.items.count <= 50 else {
            throw StoreError.invalid(field: "items", reason: "a checklist has 1 to 50 items")
        }
        guard !list.places.isEmpty else { throw StoreError.invalid(field: "places", reason: "choose where it is used") }
        guard (1...90).contains(list.rectifyDays) else {
            throw StoreError.invalid(field: "rectify_days", reason: "must be 1 to 90 days")
        }
        let catalogue = try await store.catalogue()
        var keys = Set<String>()
        for (index, item) in list.items.enumerated() {
            guard keys.insert(item.key).inserted else {
                throw StoreError.invalid(field: "items[\(index)]", reason: "the key \(item.key) appears twice")
            }
            guard catalogue.reportable(item.category) != nil else {
                throw StoreError.invalid(field: "items[\(index)]", reason: "no case category \(item.category)")
            }
        }
        let definition = String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
        let at = store.now.epochMilliseconds
        try await store.database.write { db in
            try db.execute("DELETE FROM inspection_checklists WHERE code = ?", [.text(list.code)])
            try db.execute(
                "INSERT INTO inspection_checklists (code, definition, updated_at) VALUES (?, ?, ?)",
                [.text(list.code), .text(definition), .integer(at)])
            try Journal.append(
                JournalChange(
                    chain: "territory", actor: caller.actor, action: "checklist.save", entity: "inspection_checklists",
                    entityID: list.code, after: ["definition": .string(definition)]),
                at: at, on: db)
        }
    }

    /// Records an inspection of a place in scope: every answer names an item of the checklist,
    /// every failed item raises a case in its category (the place and the item in its words), with
    /// the checklist's deadline to put it right. A re-inspection of the same place (``follows``)
    /// marks what it finds put right and says so on the case.
    public func recordInspection(_ inspection: NewInspection) async throws -> InspectionView {
        try requirePatroller()
        guard let list = try await inspectionChecklists().first(where: { $0.code == inspection.checklist }) else {
            throw StoreError.invalid(field: "checklist", reason: "no checklist \(inspection.checklist)")
        }
        guard list.places.contains(inspection.place) else {
            throw StoreError.invalid(field: "place", reason: "the checklist \(list.name) is not for this kind of place")
        }
        for key in Set(inspection.answers.keys).union(inspection.notes.keys).sorted()
        where !list.items.contains(where: { $0.key == key }) {
            throw StoreError.invalid(field: "answers.\(key)", reason: "the checklist \(list.name) has no item \(key)")
        }
        guard !inspection.answers.isEmpty else {
            throw StoreError.invalid(field: "answers", reason: "answer at least one item")
        }
        let note = try TextRule(length: 0...2000).checked(inspection.note, field: "note")
        for (key, text) in inspection.notes { _ = try TextRule(length: 0...200).checked(text, field: "notes.\(key)") }
        guard inspection.photos.count <= Self.maxPhotos else {
            throw StoreError.invalid(field: "photos", reason: "at most \(Self.maxPhotos) photos")
        }
        let place = try await inspectedPlace(inspection.place, code: inspection.placeCode, county: inspection.county)
        try requireInScope(place.grid)
        let now = store.now.epochMilliseconds
        let previous = try await inspections(at: inspection.placeCode, county: inspection.county, limit: 1).first
        // The cases first: an inspection that names its cases never points at nothing.
        var reported: [(item: String, number: String)] = []
        for item in list.items where inspection.answers[item.key] == false {
            let detail = inspection.notes[item.key].map { "：\($0)" } ?? ""
            let made = try await report(
                CaseReport(
                    category: item.category,
                    description:
                        "【安全隐患排查·\(list.name)】\(place.name)：\(item.label)不合格\(detail)。整改期限 \(list.rectifyDays) 天。",
                    location: inspection.location, regionCode: inspection.location == nil ? place.grid : nil,
                    channel: .patrol, photos: reported.isEmpty ? inspection.photos : []))
            reported.append((item.key, made.record.number))
        }
        let raised = reported
        // What a re-inspection finds put right, and the cases that said it was wrong.
        let rectified: [(inspection: String, item: String, number: String)] =
            previous.map { previous in
                previous.hazards.filter { $0.rectifiedAt == nil && inspection.answers[$0.item] == true }.map {
                    (previous.id, $0.item, $0.caseNumber)
                }
            } ?? []
        let id = UUID().uuidString.lowercased()
        let deadline = now + Int64(list.rectifyDays) * 86_400_000
        let answersText = JSONValue.object(inspection.answers.mapValues(JSONValue.bool)).canonicalText
        let county = place.grid.countyCode
        let photos = JSONValue.array(inspection.photos.map { .string($0.sha256) }).canonicalText
        let follows = rectified.isEmpty ? previous?.id : rectified[0].inspection
        try await store.database.write { db in
            try db.execute(
                """
                INSERT INTO inspections (county_code, id, grid_code, place_kind, place_code, place_name, checklist,
                    inspector, inspected_at, lat, lng, note, results, failed, follows, photos)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(county), .text(id), .text(place.grid.digits), .text(inspection.place.rawValue),
                    .text(inspection.placeCode), .text(place.name), .text(list.code), .text(caller.actor),
                    .integer(now), SQLValue(inspection.location?.lat), SQLValue(inspection.location?.lng), .text(note),
                    .text(answersText), .integer(Int64(raised.count)), SQLValue(follows), .text(photos),
                ])
            for photo in inspection.photos { try photo.storeBytes(county: county, on: db) }
            for hazard in raised {
                try db.execute(
                    """
                    INSERT INTO inspection_hazards (county_code, inspection_id, item, case_number, deadline)
                    VALUES (?, ?, ?, ?, ?)
                    """, [.text(county), .text(id), .text(hazard.item), .text(hazard.number), .integer(deadline)])
            }
            for fixed in rectified {
                try db.execute(
                    """
                    UPDATE inspection_hazards SET rectified_at = ?, rectified_by = ?
                    WHERE county_code = ? AND inspection_id = ? AND item = ?
                    """, [.integer(now), .text(id), .text(county), .text(fixed.inspection), .text(fixed.item)])
            }
            try Journal.append(
                JournalChange(
                    chain: county, actor: caller.actor, action: "inspection.record", entity: "inspections",
                    entityID: id,
                    after: [
                        "place": .string(inspection.placeCode), "checklist": .string(list.code),
                        "failed": .number(Double(raised.count)), "rectified": .number(Double(rectified.count)),
                    ]),
                at: now, on: db)
        }
        for fixed in rectified {
            let label = list.items.first { $0.key == fixed.item }?.label ?? fixed.item
            // The case hears it was put right; one the inspector may no longer remark on keeps its course.
            _ = try? await addNote("复查合格：\(label)已整改。", to: fixed.number, source: ["inspection": .string(id)])
        }
        guard let recorded = try await inspections(at: inspection.placeCode, county: county, limit: 1).first else {
            throw StoreError.notFound("inspection \(id)")
        }
        return recorded
    }

    /// The inspections of a place, newest first, with their hazards.
    public func inspections(at placeCode: String, county: String, limit: Int = 20) async throws -> [InspectionView] {
        try requireRegistryReader()
        let (rows, hazards) = try await store.database.read { db in
            let rows = try db.query(
                """
                SELECT id, grid_code, place_kind, place_code, place_name, checklist, inspector, inspected_at, note,
                    results, follows
                FROM inspections WHERE county_code = ? AND place_code = ? ORDER BY inspected_at DESC LIMIT ?
                """, [.text(county), .text(placeCode), .integer(Int64(max(1, min(limit, 200))))])
            let hazards = try db.query(
                """
                SELECT h.inspection_id, h.item, h.case_number, h.deadline, h.rectified_at
                FROM inspection_hazards h JOIN inspections i ON i.county_code = h.county_code AND i.id = h.inspection_id
                WHERE i.county_code = ? AND i.place_code = ?
                """, [.text(county), .text(placeCode)])
            return (rows, hazards)
        }
        var byInspection: [String: [InspectionView.Hazard]] = [:]
        for row in hazards {
            byInspection[try row.text(0), default: []].append(
                InspectionView.Hazard(
                    item: try row.text(1), caseNumber: try row.text(2), deadline: try row.integer(3),
                    rectifiedAt: try row.optionalInteger(4)))
        }
        return try rows.compactMap { row -> InspectionView? in
            guard let grid = try? RegionCode(try row.text(1)), caller.scope.contains(grid),
                let place = InspectionChecklist.Place(rawValue: try row.text(2))
            else { return nil }
            let answers =
                (try? JSONValue.parse(try row.text(9)))?.objectValue?.compactMapValues { value -> Bool? in
                    if case .bool(let passed) = value { return passed }
                    return nil
                } ?? [:]
            let id = try row.text(0)
            return InspectionView(
                id: id, grid: grid, place: place, placeCode: try row.text(3), placeName: try row.text(4),
                checklist: try row.text(5), inspector: try row.text(6), inspectedAt: try row.integer(7),
                note: try row.text(8), answers: answers, follows: try row.optionalText(10),
                hazards: (byInspection[id] ?? []).sorted { $0.item < $1.item })
        }
    }

    /// The grid's inspection plan (检查计划): its organisations and rentals by risk, each due its
    /// risk's interval after its last inspection (at once if never inspected), most urgent first.
    public func inspectionPlan(inGrid grid: RegionCode) async throws -> [InspectionDue] {
        try requireRegistryReader()
        try requireInScope(grid)
        let units = try await organisations(inGrid: grid)
        let rentals = try await houses(inGrid: grid).filter { $0.use == .rented }
        let (last, open) = try await store.database.read { db in
            let last = try db.query(
                """
                SELECT place_code, MAX(inspected_at) FROM inspections WHERE county_code = ? AND grid_code = ?
                GROUP BY place_code
                """, [.text(grid.countyCode), .text(grid.digits)]
            ).reduce(into: [String: Int64]()) { $0[try $1.text(0)] = try $1.integer(1) }
            let open = try db.query(
                """
                SELECT i.place_code, COUNT(*) FROM inspection_hazards h
                JOIN inspections i ON i.county_code = h.county_code AND i.id = h.inspection_id
                WHERE i.county_code = ? AND i.grid_code = ? AND h.rectified_at IS NULL GROUP BY i.place_code
                """, [.text(grid.countyCode), .text(grid.digits)]
            ).reduce(into: [String: Int]()) { $0[try $1.text(0)] = Int(try $1.integer(1)) }
            return (last, open)
        }
        let today = WorkingCalendar.local(store.now.now).0
        func due(_ code: String, _ name: String, _ place: InspectionChecklist.Place, _ risk: InspectionChecklist.Risk)
            -> InspectionDue
        {
            let lastAt = last[code]
            let dueDay =
                lastAt.map {
                    CalendarDay(
                        index: WorkingCalendar.local(Date(epochMilliseconds: $0)).0.index
                            + InspectionChecklist.intervalDays(risk: risk))
                } ?? today
            return InspectionDue(
                place: place, code: code, name: name, risk: risk, lastInspectedAt: lastAt, dueDay: dueDay,
                openHazards: open[code] ?? 0)
        }
        let highFlags: Set<String> = ["九小场所", "危化品", "重点单位"]
        var plan = units.map { unit in
            due(unit.creditCode, unit.name, .unit, unit.flags.contains(where: highFlags.contains) ? .high : .low)
        }
        plan += rentals.map { house in
            due(house.addressCode, house.address, .house, house.hazard == .serious ? .high : .medium)
        }
        return plan.sorted { ($0.dueDay, $0.risk, $0.name) < ($1.dueDay, $1.risk, $1.name) }
    }

    /// A place to inspect in the caller's scope: its name and grid.
    public func placeToInspect(_ kind: InspectionChecklist.Place, code: String, county: String) async throws -> (
        name: String, grid: RegionCode
    ) {
        try requireRegistryReader()
        let place = try await inspectedPlace(kind, code: code, county: county)
        try requireInScope(place.grid)
        return place
    }

    /// The place an inspection is of: its name and grid, from the registries.
    func inspectedPlace(_ kind: InspectionChecklist.Place, code: String, county: String) async throws -> (
        name: String, grid: RegionCode
    ) {
        let row = try await store.database.read { db in
            switch kind {
            case .unit:
                try db.queryOne(
                    "SELECT name, grid_code FROM organisations WHERE county_code = ? AND credit_code = ?",
                    [.text(county), .text(code)])
            case .house:
                try db.queryOne(
                    """
                    SELECT a.name, h.grid_code FROM houses h
                    JOIN addresses a ON a.county_code = h.county_code AND a.code = h.address_code
                    WHERE h.county_code = ? AND h.address_code = ?
                    """, [.text(county), .text(code)])
            }
        }
        guard let row, let grid = try? RegionCode(try row.text(1)) else {
            throw StoreError.notFound("\(kind == .unit ? "organisation" : "house") \(code)")
        }
        var name = try row.text(0)
        if kind == .house {
            let matcher = try await store.addressMatcher(county: county)
            if let address = matcher.address(code: code) { name = matcher.path(of: address) }
        }
        return (name, grid)
    }
}
