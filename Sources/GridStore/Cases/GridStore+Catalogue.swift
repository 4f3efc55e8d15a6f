import Foundation
import GridCore

extension GridStore {
    /// How long a process trusts its copy of the catalogue; another server's change shows within this.
    static let catalogueCacheMilliseconds: Int64 = 30_000

    /// The category catalogue: the stored one, or the shipped Chinese default until an admin saves one.
    /// Every report needs it, so it is cached briefly.
    public func catalogue() async throws -> CaseCatalogue {
        let at = now.epochMilliseconds
        if let (cached, loadedAt) = catalogueCache.withLock({ $0 }), at - loadedAt < Self.catalogueCacheMilliseconds,
            at >= loadedAt
        {
            return cached
        }
        let body = try await database.read { db in
            try db.queryOne("SELECT body FROM catalogues WHERE name = 'cases'")?.text(0)
        }
        var catalogue = CaseCatalogue.chinaDefault
        if let body {
            do { catalogue = try JSONDecoder().decode(CatalogueFile.self, from: Data(body.utf8)).catalogue() } catch {
                throw StoreError.corrupt("stored catalogue: \(error)")
            }
        }
        catalogueCache.withLock { $0 = (catalogue, at) }
        return catalogue
    }

    /// Refuses a caller who may not replace the catalogue (only admins of the whole territory may).
    public static func requireCatalogueEditor(_ caller: Caller) throws(StoreError) {
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("changing the category catalogue")
        }
    }

    /// Replaces the catalogue (admins of the whole territory); journaled on the territory chain.
    public func saveCatalogue(_ catalogue: CaseCatalogue, by caller: Caller) async throws {
        try Self.requireCatalogueEditor(caller)
        let body = CaseQueries.encodeJSON(CatalogueFile(catalogue))
        let at = now.epochMilliseconds
        try await database.write { db in
            let before = try db.queryOne("SELECT body FROM catalogues WHERE name = 'cases'")?.text(0)
            try db.execute(
                """
                INSERT INTO catalogues (name, body, updated_at) VALUES ('cases', ?, ?)
                ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """, [.text(body), .integer(at)])
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "catalogue.save",
                    entity: "catalogue", entityID: "cases",
                    before: before.map { .string(Journal.sha256Hex($0)) } ?? .null,
                    after: .string(Journal.sha256Hex(body))), at: at, on: db)
        }
        catalogueCache.withLock { $0 = nil }
    }
}

/// The catalogue's JSON file form (import/export):
/// `{"categories":[{"code","name","name_en","parent","handler","limits":{"accept":1,…}}]}`.
public struct CatalogueFile: Codable, Sendable {
    public struct Category: Codable, Sendable {
        public var code: String
        public var name: String
        /// The name on English pages (optional).
        public var name_en: String?
        public var parent: String?
        public var handler: HandlingLevel
        public var limits: [String: Double]?
    }

    public var categories: [Category]

    public init(_ catalogue: CaseCatalogue) {
        categories = catalogue.categories.map { category in
            Category(
                code: category.code, name: category.name, name_en: category.englishName, parent: category.parent,
                handler: category.handler,
                limits: category.limits.isEmpty
                    ? nil : Dictionary(uniqueKeysWithValues: category.limits.map { ($0.key.rawValue, $0.value) }))
        }
    }

    public func catalogue() throws -> CaseCatalogue {
        var result: [CaseCategory] = []
        for (index, category) in categories.enumerated() {
            var limits: [CaseStep: Double] = [:]
            for (key, hours) in category.limits ?? [:] {
                guard let step = CaseStep(rawValue: key) else {
                    throw CatalogueError.invalid(
                        index: index, field: "limits.\(key)",
                        reason: "unknown step; use accept, dispatch, handle, verify")
                }
                limits[step] = hours
            }
            result.append(
                CaseCategory(
                    code: category.code, name: category.name, englishName: category.name_en, parent: category.parent,
                    handler: category.handler, limits: limits))
        }
        return try CaseCatalogue(categories: result)
    }
}
