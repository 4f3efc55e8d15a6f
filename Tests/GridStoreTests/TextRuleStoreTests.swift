import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// Free text is limited in code points and refuses control characters in every field that takes
/// it, and queue filters are matched as written, never as patterns.
@Suite("Store contract: free text and filters")
struct TextRuleStoreTests {
    typealias S = CaseStoreTests

    /// One letter carrying `accents` combining acute accents: a single grapheme cluster of `accents + 1` code points.
    static func accented(_ accents: Int) -> String { "e" + String(repeating: "\u{301}", count: accents) }

    static let system = Caller.system("test")

    @Test(
        "case text counts code points: one letter with 2,000 accents is too long, 2,000 Chinese characters are not",
        arguments: Backend.available)
    func caseTextLength(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let worker = test.store.scoped(to: S.worker)
            let seat = try await S.seat(test)
            await #expect(throws: StoreError.invalid(field: "description", reason: "must have 1 to 2,000 characters")) {
                try await worker.report(
                    CaseReport(category: "HJ01", description: Self.accented(2000), location: seat, channel: .patrol))
            }
            await #expect(throws: StoreError.invalid(field: "address", reason: "must have at most 200 characters")) {
                try await worker.report(
                    CaseReport(
                        category: "HJ01", description: "垃圾", location: seat, address: Self.accented(200),
                        channel: .patrol))
            }
            #expect(try await test.store.scoped(to: S.street).cases(CaseQuery()).cases.isEmpty, "nothing was written")

            let chinese = String(repeating: "垃", count: 2000)
            let number = try await worker.report(
                CaseReport(category: "HJ01", description: chinese, location: seat, channel: .patrol)
            ).record.number
            await #expect(throws: StoreError.invalid(field: "description", reason: "must have 1 to 2,000 characters")) {
                try await test.store.scoped(to: S.street).addNote(Self.accented(2000), to: number)
            }
            await #expect(throws: StoreError.invalid(field: "note", reason: "must have at most 2,000 characters")) {
                try await S.act(test, S.street, number, .reject, note: Self.accented(2000))
            }
            await #expect(
                throws: StoreError.invalid(field: "note", reason: "must have at most 2,000 characters"),
                "an optional note too"
            ) {
                try await S.act(test, S.street, number, .accept, note: Self.accented(2000))
            }
            let view = try await test.store.scoped(to: S.street).caseDetail(number: number)
            #expect(
                view.record.state == .reported && view.history.map(\.action) == ["report"], "the refusals wrote nothing"
            )
        }
    }

    @Test(
        "control characters are refused in text fields, naming the field; line breaks and tabs only where text has lines",
        arguments: Backend.available)
    func controlCharacters(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let worker = test.store.scoped(to: S.worker)
            let seat = try await S.seat(test)
            await #expect(
                throws: StoreError.invalid(
                    field: "description", reason: "must not contain control characters (found U+0000)")
            ) {
                try await worker.report(
                    CaseReport(category: "HJ01", description: "垃圾\u{0}堆放", location: seat, channel: .patrol))
            }
            await #expect(
                throws: StoreError.invalid(
                    field: "address", reason: "must not contain control characters (found U+000A)")
            ) {
                try await worker.report(
                    CaseReport(
                        category: "HJ01", description: "垃圾", location: seat, address: "文三路\n90号", channel: .patrol))
            }
            #expect(try await test.store.scoped(to: S.street).cases(CaseQuery()).cases.isEmpty, "nothing was written")
            // A browser's textarea sends CRLF line breaks: kept as line breaks.
            let reported = try await worker.report(
                CaseReport(category: "HJ01", description: "楼道垃圾\r\n\t三天未清运", location: seat, channel: .patrol))
            #expect(reported.record.description == "楼道垃圾\n\t三天未清运")
            await #expect(
                throws: StoreError.invalid(field: "note", reason: "must not contain control characters (found U+001B)")
            ) {
                try await S.act(test, S.street, reported.record.number, .reject, note: "重复\u{1B}[2J")
            }
            await #expect(
                throws: StoreError.invalid(
                    field: "description", reason: "must not contain control characters (found U+0007)")
            ) {
                try await test.store.scoped(to: S.street).addNote("补充\u{7}", to: reported.record.number)
            }
        }
    }

    @Test(
        "names of accounts, tokens, departments, categories and calendar notes follow the same rule",
        arguments: Backend.available)
    func names(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let store = test.store
            let grid = AccessScope.region(S.grid)
            await #expect(throws: StoreError.invalid(field: "display_name", reason: "must have 1 to 64 characters")) {
                try await store.addUser(
                    Account(username: "w7", displayName: Self.accented(64), role: .worker, scope: grid),
                    password: "pass", by: Self.system)
            }
            await #expect(
                throws: StoreError.invalid(
                    field: "display_name", reason: "must not contain control characters (found U+0000)")
            ) {
                try await store.addUser(
                    Account(username: "w7", displayName: "张\u{0}三", role: .worker, scope: grid), password: "pass",
                    by: Self.system)
            }
            #expect(try await store.accounts(visibleTo: Self.system).contains { $0.username == "w7" } == false)
            await #expect(throws: StoreError.invalid(field: "name", reason: "must have 1 to 64 characters")) {
                _ = try await store.addToken(name: Self.accented(64), role: .integration, scope: grid, by: Self.system)
            }
            await #expect(
                throws: StoreError.invalid(field: "name", reason: "must not contain control characters (found U+0009)")
            ) {
                try await store.saveDepartments([(try DepartmentCode("330106-GA"), "公安\t分局")], by: Self.system)
            }
            let monday = try #require(CalendarDay("2026-11-23"))
            await #expect(throws: StoreError.invalid(field: "note", reason: "must have at most 100 characters")) {
                try await store.setCalendarDay(
                    CalendarOverride(day: monday, kind: .holiday, note: Self.accented(100)), by: Self.system)
            }
            var categories = CaseCatalogue.chinaDefault.categories
            categories[1].name = Self.accented(64)
            #expect(throws: CatalogueError.invalid(index: 1, field: "name", reason: "must have 1 to 64 characters")) {
                try CaseCatalogue(categories: categories)
            }
            categories[1].name = "垃\u{85}圾"
            #expect(
                throws: CatalogueError.invalid(
                    index: 1, field: "name", reason: "must not contain control characters (found U+0085)")
            ) {
                try CaseCatalogue(categories: categories)
            }
        }
    }

    @Test(
        "queue filters match as written: % and _ in a category match nothing, a control character in q is refused",
        arguments: Backend.available)
    func filters(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await S.seat(test)
            _ = try await test.store.scoped(to: S.worker).report(
                CaseReport(category: "HJ01", description: "楼道垃圾", location: seat, channel: .patrol))
            let street = test.store.scoped(to: S.street)
            func numbers(category: String? = nil, text: String? = nil) async throws -> Int {
                var query = CaseQuery()
                query.category = category
                query.text = text
                return try await street.cases(query).cases.count
            }
            #expect(try await numbers(category: "HJ01") == 1)
            #expect(try await numbers(category: "HJ") == 1, "a top category matches its own")
            for pattern in ["%", "_", "H_01", "%01"] {
                #expect(try await numbers(category: pattern) == 0, "'\(pattern)' is a code, not a pattern")
            }
            #expect(try await numbers(text: "垃圾") == 1)
            #expect(try await numbers(text: "%") == 0)
            await #expect(
                throws: StoreError.invalid(field: "q", reason: "must not contain control characters (found U+0000)")
            ) {
                try await numbers(text: "\u{0}")
            }
        }
    }
}
