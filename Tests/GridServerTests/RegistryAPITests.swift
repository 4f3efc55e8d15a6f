import Foundation
import GridCore
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridServer

/// The registries over the API: a worker lists and looks up the people of their grid, masked; a
/// resident and another grid's worker are refused; key people only as the group's rule allows.
@Suite("API: base-data registries")
struct RegistryAPITests {
    @Test("people, houses, organisations and key people of a grid, masked, paged, and refused out of scope")
    func registries() async throws {
        try await APIHarness.with { harness, client in
            let store = harness.test.store
            store.useProtection(
                ProtectedFields(current: try ProtectedFields.Key(id: "k1", secret: Array(repeating: 4, count: 32))))
            let admin = Caller.system("test")
            let people = """
                姓名,公民身份号码,联系电话,网格编码,住址
                张三,33010619850612004X,13900001111,330106001001001,文三路12号3幢2单元501室
                李四,33010619720101003X,,330106001001001,
                王五,,,330106001001001,

                """
            _ = try await store.importHouses(
                Array("地址,楼栋,单元,室,网格编码,用途\n文三路12号,3,2,501,330106001001001,出租\n".utf8), source: "h.csv", by: admin)
            _ = try await store.importPeople(utf8OrGBK: Array(people.utf8), source: "p.csv", by: admin)
            let zhang = try #require(try await store.scoped(to: admin).person(identityNumber: "33010619850612004X"))
            try await store.scoped(to: CaseStoreTestsCallers.worker).markKeyPerson(
                id: zhang.id, county: "330106", group: "03", attention: .moderate, details: ["danger_level": "2"])

            let worker = try await client.logIn("worker")
            let first = try await client.call(.get, "/api/v1/people?grid=330106001001001&limit=2", token: worker)
            #expect(first.status == .ok && first.json["has_more"] == .bool(true))
            #expect(first.json["people"]?.arrayValue?.count == 2)
            let rest = try await client.call(.get, "/api/v1/people?grid=330106001001001&offset=2", token: worker)
            #expect(rest.json["people"]?.arrayValue?.count == 1 && rest.json["has_more"] == .bool(false))
            let found = try await client.call(
                .post, "/api/v1/people/lookup", token: worker, body: #"{"id_number":"33010619850612004X"}"#)
            #expect(found.json["people"]?.arrayValue?.first?["id_number"] == .string("3301**********004X"))
            #expect(found.json["people"]?.arrayValue?.first?["phone"] == .string("139****1111"))
            let bad = try await client.call(
                .post, "/api/v1/people/lookup", token: worker, body: #"{"id_number":"330106198506120041"}"#)
            #expect(bad.status == .badRequest && bad.errorField == "id_number")
            let houses = try await client.call(.get, "/api/v1/houses?grid=330106001001001", token: worker)
            #expect(
                houses.json["houses"]?.arrayValue?.first?["residents"] == .number(1)
                    && houses.json["houses"]?.arrayValue?.first?["use"] == "20")
            let members = try await client.call(.get, "/api/v1/key-people?grid=330106001001001", token: worker)
            #expect(members.json["key_people"]?.arrayValue?.first?["group"] == "03")

            // Out of scope: another grid's worker, a resident, a station for a special group.
            let worker2 = try await client.logIn("worker2")
            #expect(
                try await client.call(.get, "/api/v1/people?grid=330106001001001", token: worker2).status == .forbidden)
            let resident = try await client.logIn("resident")
            #expect(
                try await client.call(.get, "/api/v1/people?grid=330106001001001", token: resident).status
                    == .forbidden)
            let lookup = try await client.call(
                .post, "/api/v1/people/lookup", token: resident, body: #"{"phone":"13900001111"}"#)
            #expect(lookup.status == .forbidden)
            let station = try await client.logIn("station")
            let stationView = try await client.call(.get, "/api/v1/key-people?grid=330106001001001", token: station)
            #expect(stationView.status == .ok && stationView.json["key_people"]?.arrayValue?.isEmpty == true)
            #expect(
                try await client.call(.get, "/api/v1/people", token: worker).errorField == "grid", "grid is required")
        }
    }
}

/// The store tests' callers, for API tests that set data up through the store.
enum CaseStoreTestsCallers {
    static let worker = Caller(actor: "worker", role: .worker, scope: .region(try! RegionCode("330106001001001")))
}
