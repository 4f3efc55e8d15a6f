import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 安全隐患排查: a shop's fire-safety checklist answered at the shop; each failed item raises a
/// case in its category with a deadline; a re-inspection finds it put right and says so on the case;
/// the plan lists high-risk places first when due; bad answers and other grids are refused.
@Suite("Store contract: inspections")
struct InspectionStoreTests {
    typealias S = CaseStoreTests

    static let shop = "91350100M000100Y43"

    static func withShop(_ test: TestStore) async throws {
        _ = try await test.withDemo()
        test.store.useProtection(
            ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 5, count: 32))))
        let units = "单位名称,统一社会信用代码,网格编码,单位标识\n西湖小吃店,\(shop),\(S.grid.digits),九小场所\n"
        _ = try await test.store.importOrganisations(
            Array(units.utf8), source: "u.csv", by: Caller(actor: "admin", role: .admin, scope: .territory))
    }

    @Test(
        "failed items raise cases with a deadline; a re-inspection marks them put right; the plan moves on",
        arguments: Backend.available)
    func inspecting(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.withShop(test)
            let worker = test.store.scoped(to: S.worker)
            let before = try await worker.inspectionPlan(inGrid: S.grid)
            #expect(
                before.first?.name == "西湖小吃店" && before.first?.risk == .high && before.first?.lastInspectedAt == nil)
            let first = try await worker.recordInspection(
                NewInspection(
                    checklist: "XF9", place: .unit, placeCode: Self.shop, county: "330106",
                    answers: ["exits": false, "extinguishers": true, "gas": false], notes: ["exits": "后门堆放纸箱"],
                    location: try await S.seat(test)))
            #expect(first.hazards.map(\.item) == ["exits", "gas"])
            let exitCase = try #require(first.hazards.first?.caseNumber)
            let detail = try await test.store.scoped(to: S.county).caseDetail(number: exitCase)
            #expect(detail.record.category == "AQ01" && detail.record.description.contains("西湖小吃店"))
            #expect(detail.record.description.contains("后门堆放纸箱"))
            #expect(first.hazards.first?.deadline == test.clock.provider.epochMilliseconds + 7 * 86_400_000)
            let plan = try await worker.inspectionPlan(inGrid: S.grid)
            #expect(plan.first { $0.code == Self.shop }?.openHazards == 2)

            test.clock.advance(by: 3 * 86400)
            let again = try await worker.recordInspection(
                NewInspection(
                    checklist: "XF9", place: .unit, placeCode: Self.shop, county: "330106",
                    answers: ["exits": true, "gas": false]))
            #expect(again.follows == first.id && again.hazards.map(\.item) == ["gas"])
            let history = try await worker.inspections(at: Self.shop, county: "330106")
            #expect(history.count == 2)
            #expect(history.last?.hazards.first { $0.item == "exits" }?.rectifiedAt != nil)
            #expect(history.last?.hazards.first { $0.item == "gas" }?.rectifiedAt == nil)
            let noted = try await test.store.scoped(to: S.county).caseDetail(number: exitCase)
            #expect(noted.history.contains { $0.note?.contains("复查合格") == true })
            let after = try await worker.inspectionPlan(inGrid: S.grid).first { $0.code == Self.shop }
            #expect(after?.openHazards == 2, "one left from the first visit, one from the second")
            #expect(after?.lastInspectedAt == test.clock.provider.epochMilliseconds)
        }
    }

    @Test(
        "refused: an unknown item or checklist, a checklist for other places, no answer, another grid's worker",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.withShop(test)
            let worker = test.store.scoped(to: S.worker)
            let bad: [(NewInspection, String)] = [
                (
                    NewInspection(
                        checklist: "XF9", place: .unit, placeCode: Self.shop, county: "330106", answers: ["roof": false]
                    ), "answers.roof"
                ),
                (
                    NewInspection(
                        checklist: "NOPE", place: .unit, placeCode: Self.shop, county: "330106",
                        answers: ["exits": true]), "checklist"
                ),
                (
                    NewInspection(
                        checklist: "CZF", place: .unit, placeCode: Self.shop, county: "330106", answers: ["exits": true]
                    ), "place"
                ),
                (
                    NewInspection(checklist: "XF9", place: .unit, placeCode: Self.shop, county: "330106", answers: [:]),
                    "answers"
                ),
            ]
            for (inspection, field) in bad {
                do {
                    _ = try await worker.recordInspection(inspection)
                    Issue.record("\(field) was taken")
                } catch StoreError.invalid(let named, _) {
                    #expect(named == field)
                }
            }
            await #expect(throws: StoreError.self, "another grid's worker") {
                try await test.store.scoped(to: S.worker2).recordInspection(
                    NewInspection(
                        checklist: "XF9", place: .unit, placeCode: Self.shop, county: "330106",
                        answers: ["exits": false]))
            }
            #expect(try await worker.inspections(at: Self.shop, county: "330106").isEmpty, "nothing written")
            let admin = test.store.scoped(to: Caller(actor: "admin", role: .admin, scope: .territory))
            await #expect(throws: StoreError.self, "an item must raise a category that exists") {
                try await admin.saveChecklist(
                    InspectionChecklist(
                        code: "X", name: "试", places: [.unit], items: [.init(key: "a", label: "甲", category: "ZZ99")]))
            }
            try await admin.saveChecklist(
                InspectionChecklist(
                    code: "XF9", name: "九小场所消防安全", places: [.unit],
                    items: [.init(key: "exits", label: "出口畅通", category: "AQ01")]))
            #expect(try await worker.inspectionChecklists().first { $0.code == "XF9" }?.items.count == 1)
            await #expect(throws: StoreError.self, "a worker edits no checklist") {
                try await worker.saveChecklist(InspectionChecklist.shipped[0])
            }
        }
    }
}
