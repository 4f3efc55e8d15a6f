import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// The queue's search box as hotline staff use it: the last digits of a case number or of the
/// caller's phone, a whole number, or words of the description or address — within scope only.
@Suite("Store contract: finding a case")
struct CaseSearchTests {
    typealias C = CaseStoreTests

    @Test("what the search box reads as digits and what as words")
    func reading() {
        #expect(CaseSearch("0042") == .tail("0042"))
        #expect(CaseSearch(" 330106-20261122-0042") == .tail("330106202611220042"))
        #expect(CaseSearch("138 0013 8000") == .tail("13800138000"))
        #expect(CaseSearch("42") == .words("42"), "two digits would match a tenth of all cases")
        #expect(CaseSearch("文三路 12") == .words("文三路 12"))
        #expect(CaseSearch("１２３４") == .words("１２３４"), "full-width digits are not a number's digits")
        #expect(CaseSearch("  ") == nil)
        #expect(CaseSearch.tailKey("330106-20261122-0042") == "240022116202601033")
        #expect(CaseSearch.upperBound(ofPrefix: "2400") == "2401")
        #expect(CaseSearch.upperBound(ofPrefix: "2499") == "25")
        #expect(CaseSearch.upperBound(ofPrefix: "999") == nil)
    }

    @Test(
        "by the last digits or the whole of a number, by a phone's tail, by words of the address; never out of scope",
        arguments: Backend.available)
    func finding(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            let seat = try await C.seat(test)
            var numbers: [String] = []
            for index in 0..<12 {
                let report = try await test.store.scoped(to: C.county).report(
                    CaseReport(
                        category: "HJ01", description: "垃圾堆放 \(index)", location: seat, channel: .hotline,
                        reporterPhone: index == 7 ? "138-0013-8000" : nil))
                numbers.append(report.record.number)
            }
            let addressed = try await AddressOnlyCaseTests.reportByAddress(test)
            let county = test.store.scoped(to: C.county)
            func found(_ text: String, as scoped: ScopedStore? = nil) async throws -> [String] {
                var query = CaseQuery()
                query.text = text
                return try await (scoped ?? county).cases(query).cases.map(\.0.number)
            }
            // 330106-YYYYMMDD-0001 … -0012, then the address-only case's -0013.
            let eleventh = numbers[10]
            #expect(try await found(String(eleventh.suffix(4))) == [eleventh])
            #expect(try await found(String(eleventh.suffix(3))) == [eleventh])
            #expect(try await found(String(eleventh.suffix(9))) == [eleventh], "the date and sequence, as read out")
            #expect(try await found(eleventh) == [eleventh], "the whole number")
            #expect(try await found("001") == [numbers[0]], "-0001 only: -0010 ends in 010")
            #expect(try await found("8000") == [numbers[7]], "the phone's last digits")
            #expect(try await found("13800138000") == [numbers[7]], "the whole phone, dashes or not")
            #expect(try await found("文三路") == [addressed.number], "words of the address")
            #expect(try await found("垃圾堆放 3").count == 1, "words of the description")
            #expect(try await found("9999").isEmpty)
            // A centre of the other street finds nothing of this one's, whatever it types.
            let sister = test.store.scoped(to: try C.caller("street2", .centre, "330106002"))
            #expect(try await found(eleventh, as: sister).isEmpty)
            #expect(try await found("8000", as: sister).isEmpty)
        }
    }
}
