import Foundation
import GridCore
import GridStore
import Hummingbird

/// The base-data registries over the API, scoped like the pages, identity numbers and phones masked.
///
/// - `GET /api/v1/people?grid=&limit=&offset=` — a grid's people, by name
/// - `POST /api/v1/people/lookup` — `{"id_number": …}` or `{"phone": …}` through the blind index (in
///   a body, so an identity number never lands in an access log)
/// - `POST /api/v1/people` — registers or corrects a person from the people file's fields
/// - `GET /api/v1/people/{county}/{id}` — one person with their profile
/// - `POST /api/v1/people/{county}/{id}/reveal` — `{"reason": …}`: identity number and phone in
///   clear, for a role that may see them, journaled
/// - `GET /api/v1/houses?grid=&limit=&offset=` — a grid's houses with their residents' count
/// - `GET /api/v1/organisations?grid=&limit=&offset=` — a grid's organisations
/// - `GET /api/v1/key-people?grid=` — the grid's key people the caller may see
struct RegistryRoutes {
    let lookups: PersonLookups
    struct Lookup: Decodable {
        static let fields: Set<String> = ["id_number", "phone"]
        var id_number: String?
        var phone: String?
    }

    struct Reveal: Decodable {
        var reason: String
    }

    func register(on router: Router<GridRequestContext>, store: GridStore) {
        router.post("/api/v1/people") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let fields = try await request.decodeJSON(
                [String: String].self, allowedFields: Set(PeopleFile.columns.names), context: context)
            try await scoped.savePerson(fields)
            return JSONResponse(["saved": true])
        }
        router.get("/api/v1/people/:county/:id") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let (county, id) = (context.parameters.get("county") ?? "", context.parameters.get("id") ?? "")
            guard let person = try await scoped.person(id: id, county: county) else {
                throw StoreError.notFound("person \(id)")
            }
            return JSONResponse(Self.person(person))
        }
        router.post("/api/v1/people/:county/:id/reveal") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let (county, id) = (context.parameters.get("county") ?? "", context.parameters.get("id") ?? "")
            let body = try await request.decodeJSON(Reveal.self, allowedFields: ["reason"], context: context)
            let clear = try await scoped.reveal(person: id, county: county, reason: body.reason)
            return JSONResponse(["id_number": JSONValue(clear.identity), "phone": JSONValue(clear.phone)])
        }
        router.get("/api/v1/people") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let (grid, limit, offset) = try Self.page(request)
            let people = try await scoped.people(inGrid: grid, limit: offset + limit + 1)
            return JSONResponse(Self.paged("people", people.dropFirst(offset), limit: limit, Self.person))
        }
        router.post("/api/v1/people/lookup") { request, context in
            let caller = try context.requireCaller()
            let body = try await request.decodeJSON(Lookup.self, allowedFields: Lookup.fields, context: context)
            let number: String
            switch (body.id_number, body.phone) {
            case (let given?, nil):
                do throws(InvalidValue) { _ = try IdentityNumber(given) } catch {
                    throw APIError.invalid("id_number", error.reason)
                }
                number = given
            case (nil, let phone?):
                guard PeopleFile.phoneDigits(phone).count >= 7, phone.count <= 32 else {
                    throw APIError.invalid("phone", "is not a phone number")
                }
                number = phone
            default: throw APIError.invalid("id_number", "give id_number or phone, not both")
            }
            let found = try await lookups.find(number, by: caller)
            return JSONResponse(["people": .array(found.map(Self.person))])
        }
        router.get("/api/v1/houses") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let (grid, limit, offset) = try Self.page(request)
            let houses = try await scoped.houses(inGrid: grid)
            return JSONResponse(Self.paged("houses", houses.dropFirst(offset), limit: limit, Self.house))
        }
        router.get("/api/v1/organisations") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let (grid, limit, offset) = try Self.page(request)
            let units = try await scoped.organisations(inGrid: grid, limit: offset + limit + 1)
            return JSONResponse(Self.paged("organisations", units.dropFirst(offset), limit: limit, Self.organisation))
        }
        router.get("/api/v1/key-people") { request, context in
            let scoped = store.scoped(to: try context.requireCaller())
            let (grid, _, _) = try Self.page(request)
            let members = try await scoped.keyPeople(inGrid: grid)
            return JSONResponse(["key_people": .array(members.map(Self.keyPerson))])
        }
    }

    /// `grid` (required), `limit` (1 to 500, default 100) and `offset` (0 to 4,500).
    static func page(_ request: Request) throws(APIError) -> (RegionCode, Int, Int) {
        guard let text = try request.queryParameters.get("grid") else { throw APIError.invalid("grid", "is required") }
        let grid = try RegionRoutes.code(text, field: "grid")
        var limit = 100
        if let given = try request.queryParameters.get("limit") {
            guard let value = Int(given), (1...500).contains(value) else {
                throw APIError.invalid("limit", "must be 1 to 500")
            }
            limit = value
        }
        var offset = 0
        if let given = try request.queryParameters.get("offset") {
            guard let value = Int(given), (0...4500).contains(value) else {
                throw APIError.invalid("offset", "must be 0 to 4500")
            }
            offset = value
        }
        return (grid, limit, offset)
    }

    static func paged<T>(_ name: String, _ items: ArraySlice<T>, limit: Int, _ encode: (T) -> JSONValue) -> JSONValue {
        [name: .array(items.prefix(limit).map(encode)), "has_more": .bool(items.count > limit)]
    }

    static func person(_ person: PersonView) -> JSONValue {
        [
            "id": .string(person.id), "name": .string(person.name), "id_number": JSONValue(person.maskedIdentity),
            "phone": JSONValue(person.maskedPhone),
            "birth_year": person.birthDate.flatMap { Int($0.prefix(4)) }.map { .number(Double($0)) } ?? .null,
            "sex": JSONValue(person.sex), "ethnicity": JSONValue(person.ethnicity),
            "population_type": .string(person.populationType.rawValue), "grid_code": .string(person.grid.digits),
            "address": JSONValue(person.address), "tags": .array(person.tags.map(JSONValue.string)),
            "county_code": .string(person.grid.countyCode),
            "profile": .object(person.profile.mapValues(JSONValue.string)),
        ]
    }

    static func house(_ house: HouseView) -> JSONValue {
        [
            "address_code": .string(house.addressCode), "address": .string(house.address),
            "grid_code": .string(house.grid.digits), "use": .string(house.use.rawValue),
            "owner_id_number": JSONValue(house.maskedOwner), "area": house.area.map(JSONValue.number) ?? .null,
            "tenants": house.tenants.map { .number(Double($0)) } ?? .null,
            "tenant_limit": house.tenantLimit.map { .number(Double($0)) } ?? .null,
            "hazard_level": JSONValue(house.hazard?.rawValue), "residents": .number(Double(house.residents)),
        ]
    }

    static func organisation(_ unit: OrganisationView) -> JSONValue {
        [
            "credit_code": .string(unit.creditCode), "name": .string(unit.name), "type": JSONValue(unit.type),
            "address": JSONValue(unit.address), "grid_code": .string(unit.grid.digits),
            "contact_phone": JSONValue(unit.maskedPhone), "legal_representative": JSONValue(unit.legalRepresentative),
            "flags": .array(unit.flags.map(JSONValue.string)),
        ]
    }

    static func keyPerson(_ member: KeyPersonView) -> JSONValue {
        [
            "person": person(member.person), "group": .string(member.group.code),
            "group_name": .string(member.group.name), "attention": .string(member.attention.rawValue),
            "visit_every_days": member.visitEveryDays.map { .number(Double($0)) } ?? .null,
            "details": .object(member.details.mapValues(JSONValue.string)),
        ]
    }
}
