import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 位置待确认: cases reported with an address only (Open311 `address_string`, a hotline call) wait
/// at the county until the intake operator places them, and are then routed as usual.
@Suite("Store contract: cases with an address only")
struct AddressOnlyCaseTests {
    typealias S = CaseStoreTests

    static func reportByAddress(_ test: TestStore, as caller: Caller = S.county, channel: CaseChannel = .hotline)
        async throws -> CaseRecord
    {
        try await test.store.scoped(to: caller).report(
            CaseReport(
                category: "HJ01", description: "文三路口垃圾堆放", address: "西湖区文三路 100 号", channel: channel)
        ).record
    }

    @Test(
        "a county's hotline case waits at the county, routed to nobody, and cannot be registered until it is placed",
        arguments: Backend.available)
    func waitsToBeLocated(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let record = try await Self.reportByAddress(test)
            #expect(record.locationPending && record.location == nil)
            #expect(
                record.regionCode.digits == "330106000000" && record.centreCode.digits == "330106000000"
                    && record.unit == nil)
            let view = try await test.store.scoped(to: S.county).caseDetail(number: record.number)
            #expect(view.allowedActions.contains(.locate))
            _ = try await S.act(test, S.county, record.number, .accept)
            await #expect(throws: WorkflowRefusal.self, "registering needs a position") {
                try await S.act(test, S.county, record.number, .register)
            }
            let street = try await test.store.scoped(to: S.street).cases(CaseQuery())
            #expect(
                !street.cases.contains { $0.0.number == record.number },
                "a township sees it only once it is placed there")
        }
    }

    @Test(
        "placing it on the map locates it to its grid and routes it like any located case", arguments: Backend.available
    )
    func locating(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let record = try await Self.reportByAddress(test)
            let seat = try await S.seat(test)
            let placed = try await test.store.scoped(to: S.county).act(
                on: record.number, CaseActionInput(action: .locate, location: seat))
            #expect(
                !placed.record.locationPending && placed.record.location == seat && placed.record.regionCode == S.grid)
            #expect(
                placed.record.unit == "330106001001" && placed.record.centreCode.digits == "330106001000",
                "routed as a patrol report would be")
            #expect(placed.record.state == .reported && placed.history.last?.action == "locate")
            #expect(!placed.allowedActions.contains(.locate), "placed once; the township centre takes it from here")
            let street = try await test.store.scoped(to: S.street).caseDetail(number: record.number)
            #expect(street.allowedActions.contains(.accept))
            let journal = try await Journal.verify(test.store.database)
            #expect(journal.entries > 0)
        }
    }

    @Test(
        "a position is required, inside the territory and the case's county; nobody else may place it",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let record = try await Self.reportByAddress(test)
            let county = test.store.scoped(to: S.county)
            await #expect(
                throws: StoreError.invalid(field: "location", reason: "placing a case needs its position (lat and lng)")
            ) {
                _ = try await county.act(on: record.number, CaseActionInput(action: .locate))
            }
            await #expect(throws: StoreError.self, "outside every grid") {
                _ = try await county.act(
                    on: record.number, CaseActionInput(action: .locate, location: GeoPoint(lat: 39.9, lng: 116.4)))
            }
            await #expect(throws: StoreError.self, "a township cannot see, let alone place, a county's case") {
                _ = try await test.store.scoped(to: S.street).act(
                    on: record.number, CaseActionInput(action: .locate, location: try await S.seat(test)))
            }
            let unchanged = try await county.caseDetail(number: record.number)
            #expect(unchanged.record.locationPending && unchanged.history.count == 1, "refusals write nothing")
        }
    }

    @Test("an address alone lands at the top of the caller's scope, from Open311 and the hotline only")
    func topOfScope() async throws {
        try await TestStore.with(.sqlite) { test in
            _ = try await test.withDemo()
            let township = try await Self.reportByAddress(test, as: S.street)
            #expect(township.regionCode.digits == "330106001000" && !township.locationPending && township.unit != nil)
            let integration = Caller(actor: "token:fms", role: .integration, scope: .territory)
            let open311 = try await Self.reportByAddress(test, as: integration, channel: .open311)
            #expect(
                open311.regionCode.digits == "330106000000" && open311.locationPending,
                "a territory-wide key's case goes to the one county")
            let refusal = StoreError.invalid(
                field: "location",
                reason:
                    "give a location (lat/lng) or a region_code (an address alone is taken from Open311 and the hotline)"
            )
            await #expect(throws: refusal, "a resident can place their report") {
                _ = try await Self.reportByAddress(test, as: S.anonymous, channel: .resident)
            }
            await #expect(throws: refusal) {
                _ = try await test.store.scoped(to: S.county).report(
                    CaseReport(category: "HJ01", description: "无地址", address: "  ", channel: .hotline))
            }
        }
    }
}
