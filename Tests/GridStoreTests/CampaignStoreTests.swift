import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

@Suite("Store contract: screening campaigns (走访排查) and 一人一码")
struct CampaignStoreTests {
    typealias S = CaseStoreTests
    typealias P = PeopleStoreTests
    static let community = try! RegionCode("330106001001")

    static let definition = CampaignDefinition(
        title: "防汛入户排查", kind: "防汛排查",
        questionnaire: Questionnaire(questions: [
            .init(key: "at_home", label: "是否有人在家", type: .choice, options: ["是", "否"], required: true),
            .init(
                key: "vulnerable", label: "是否有需转移人员", type: .choice, options: ["是", "否"], required: true,
                showIf: AnswerCondition(field: "at_home", equals: ["是"])),
            .init(key: "house_risk", label: "房屋险情", type: .choice, options: ["无", "开裂", "倒塌危险"], required: true),
        ]),
        rules: [
            CampaignRule(
                when: [AnswerCondition(field: "house_risk", equals: ["倒塌危险"])], status: .red, reason: "房屋有倒塌危险",
                raiseCase: "AQ01"),
            CampaignRule(
                when: [AnswerCondition(field: "vulnerable", equals: ["是"])], status: .yellow, reason: "有需转移人员",
                tag: "防汛转移对象"),
        ])

    /// The three houses of ``HouseStoreTests/houses`` in the demo worker's grid, 张三 living at 501.
    static func houses(_ test: TestStore) async throws {
        _ = try await test.withDemo()
        P.protect(test)
        _ = try await test.store.importHouses(Array(HouseStoreTests.houses.utf8), source: "h.csv", by: P.admin)
        _ = try await test.store.importPeople(
            utf8OrGBK: HouseStoreTests.workbook, source: "p.xlsx", validRowsOnly: true, by: P.admin)
    }

    @Test(
        "a campaign gives every household a task; answers set statuses, tag, raise a case once; coverage rolls up",
        arguments: Backend.available)
    func wholeCampaign(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.houses(test)
            let county = test.store.scoped(to: S.county)
            let campaign = try await county.startCampaign(Self.definition, over: try RegionCode("330106001"))
            #expect(campaign.tasks == 3)
            let worker = test.store.scoped(to: S.worker)
            let tasks = try await worker.campaignTasks(campaign, inGrid: S.grid)
            #expect(tasks.map(\.label) == ["文三路12号3幢1单元101室", "文三路12号3幢2单元501室", "文三路12号3幢2单元502室"])
            let rental = try #require(tasks.first { $0.label.hasSuffix("501室") })

            let answers = ["at_home": "是", "vulnerable": "是", "house_risk": "倒塌危险"]
            let (recorded, replayed) = try await worker.recordCampaignResult(
                campaign, county: rental.county, key: rental.key, answers: answers)
            #expect(!replayed && recorded.status == .red && recorded.caseNumber != nil && recorded.doneBy == "worker")
            let again = try await worker.recordCampaignResult(
                campaign, county: rental.county, key: rental.key, answers: answers)
            #expect(again.replayed && again.task.caseNumber == recorded.caseNumber, "recorded once, one case")
            await #expect(
                throws: StoreError.conflict("the result of \(rental.key) was recorded already, with other answers")
            ) {
                try await worker.recordCampaignResult(
                    campaign, county: rental.county, key: rental.key, answers: ["at_home": "否", "house_risk": "无"])
            }
            let zhang = try #require(try await county.person(identityNumber: "11010519491231002X"))
            let statuses = try await worker.riskStatuses(inGrid: S.grid)
            #expect(statuses[zhang.id]?.status == .red && statuses[zhang.id]?.reasons == ["房屋有倒塌危险"])
            #expect(try await county.person(identityNumber: "11010519491231002X")?.tags.contains("防汛转移对象") == true)
            #expect(try await county.riskHistory(of: zhang).map(\.status) == [.red])

            // Another kind's campaign finding nothing leaves 张三's red as it was.
            var quiet = Self.definition
            quiet.kind = "疫情排查"
            let second = try await county.startCampaign(quiet, over: try RegionCode("330106001"))
            _ = try await worker.recordCampaignResult(
                second, county: rental.county, key: rental.key, answers: ["at_home": "否", "house_risk": "无"])
            #expect(try await worker.riskStatuses(inGrid: S.grid)[zhang.id]?.status == .red)
            await #expect(throws: StoreError.outOfScope("the base-data registries")) {
                try await test.store.scoped(to: S.department).campaignTasks(campaign, inGrid: S.grid)
            }

            let other = try #require(tasks.first { $0.label.hasSuffix("502室") })
            _ = try await worker.recordCampaignResult(
                campaign, county: other.county, key: other.key, answers: ["at_home": "否", "house_risk": "无"])

            let rollUp = try await worker.riskRollUp(inGrid: S.grid)
            #expect(rollUp.households[rental.key] == .red, "the household takes its worst person's status")
            let building = try #require(rollUp.buildings.first { $0.name == "文三路12号3幢" })
            #expect(building.status == .red, "the building takes its worst household's")
            await #expect(throws: StoreError.outOfScope("region 330106001002001")) {
                try await worker.riskRollUp(inGrid: try RegionCode("330106001002001"))
            }

            let street = try await county.campaignCoverage(campaign)
            #expect(street.area.households == 3 && street.area.visited == 2 && street.area.found[.red] == 1)
            #expect(street.area.colour == .red, "one household of two red: ≥ 1%")
            let community = try #require(street.children.first { $0.node == Self.community })
            #expect(community.households == 3 && community.visited == 2)
            let grids = try await county.campaignCoverage(campaign, of: Self.community)
            #expect(grids.children.map(\.node) == [S.grid] && grids.children[0].visited == 2)
            let today = WorkingCalendar.local(test.clock.provider.now).0
            #expect(try await county.campaignCoverage(campaign, day: today).area.visited == 2)
            #expect(
                try await county.campaignCoverage(campaign, day: CalendarDay(index: today.index - 1)).area.visited == 0)
            #expect(try await Journal.verify(test.store.database).entries > 0)
        }
    }

    @Test(
        "two overlapping campaigns of one kind started at once: one starts, the other is refused",
        arguments: Backend.available)
    func concurrentStarts(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.houses(test)
            let county = test.store.scoped(to: S.county)
            let regions = try ["330106001", "330106001001", "330106001", "330106001001"].map { try RegionCode($0) }
            let started = try await withThrowingTaskGroup(of: Bool.self) { group in
                for region in regions {
                    group.addTask {
                        do {
                            _ = try await county.startCampaign(Self.definition, over: region)
                            return true
                        } catch StoreError.conflict { return false }
                    }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(started == 1)
            #expect(try await county.campaigns().count == 1)
        }
    }

    @Test(
        "refused: outside scope, not a centre, an overlapping campaign of one kind, a rule on a missing question, bad answers, another grid's household, a closed campaign",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.houses(test)
            let street = test.store.scoped(to: S.street)
            await #expect(throws: StoreError.outOfScope("region 330106002000")) {
                try await street.startCampaign(Self.definition, over: try RegionCode("330106002"))
            }
            await #expect(throws: StoreError.outOfScope("starting campaigns (command centres and admins only)")) {
                try await test.store.scoped(to: S.worker).startCampaign(Self.definition, over: S.grid)
            }
            var broken = Self.definition
            broken.rules[0].when = [AnswerCondition(field: "roof", equals: ["漏"])]
            await #expect(
                throws: StoreError.invalid(
                    field: "rules[0].when", reason: "names 'roof', which is not an earlier question")
            ) { try await street.startCampaign(broken, over: Self.community) }
            var badCategory = Self.definition
            badCategory.rules[0].raiseCase = "ZZ99"
            await #expect(throws: StoreError.self) { try await street.startCampaign(badCategory, over: Self.community) }
            await #expect(throws: StoreError.self, "no households there") {
                try await street.startCampaign(Self.definition, over: try RegionCode("330106001002"))
            }

            let campaign = try await street.startCampaign(Self.definition, over: Self.community)
            await #expect(throws: StoreError.self, "the county's campaign of the same kind would overlap") {
                try await test.store.scoped(to: S.county).startCampaign(Self.definition, over: try RegionCode("330106"))
            }
            var otherKind = Self.definition
            otherKind.kind = "疫情排查"
            _ = try await test.store.scoped(to: S.county).startCampaign(otherKind, over: try RegionCode("330106"))

            let worker = test.store.scoped(to: S.worker)
            let task = try #require(try await worker.campaignTasks(campaign, inGrid: S.grid).first)
            await #expect(throws: StoreError.invalid(field: "answers.vulnerable", reason: "is required")) {
                try await worker.recordCampaignResult(
                    campaign, county: task.county, key: task.key, answers: ["at_home": "是", "house_risk": "无"])
            }
            await #expect(
                throws: StoreError.invalid(field: "answers.house_risk", reason: "'漏水' is not one of 无, 开裂, 倒塌危险")
            ) {
                try await worker.recordCampaignResult(
                    campaign, county: task.county, key: task.key, answers: ["at_home": "否", "house_risk": "漏水"])
            }
            await #expect(
                throws: StoreError.invalid(field: "answers.pets", reason: "is not a question of this campaign")
            ) {
                try await worker.recordCampaignResult(
                    campaign, county: task.county, key: task.key,
                    answers: ["at_home": "否", "house_risk": "无", "pets": "猫"])
            }
            let worker2 = test.store.scoped(to: S.worker2)
            await #expect(throws: StoreError.outOfScope("region \(S.grid)")) {
                try await worker2.recordCampaignResult(
                    campaign, county: task.county, key: task.key, answers: ["at_home": "否", "house_risk": "无"])
            }
            _ = try await street.closeCampaign(county: campaign.county, id: campaign.id)
            let closed = try await street.campaign(county: campaign.county, id: campaign.id)
            await #expect(throws: StoreError.conflict("campaign \(campaign.id) is closed")) {
                try await worker.recordCampaignResult(
                    closed, county: task.county, key: task.key, answers: ["at_home": "否", "house_risk": "无"])
            }
            #expect(try await street.campaignCoverage(closed).area.visited == 0, "nothing written by a refusal")
        }
    }
}
