import Foundation
import GridCore

/// The stored assessment weights (`catalogues` row `assessment`): `{"grid_worker": {"valid_report_rate": 25, …}, …}`,
/// percent per indicator, each post's summing to 100. Posts not stored keep the shipped scheme.
public enum AssessmentSchemesFile {
    public static func decode(_ body: String) throws(AssessmentError) -> [AssessmentPost: AssessmentScheme] {
        guard let object = try? JSONDecoder().decode([String: [String: Double]].self, from: Data(body.utf8)) else {
            throw .unreadable
        }
        var schemes = AssessmentScheme.defaults
        for (postName, weights) in object.sorted(by: { $0.key < $1.key }) {
            guard let post = AssessmentPost(rawValue: postName) else { throw .unknownPost(postName) }
            var typed: [Indicator: Double] = [:]
            for (name, weight) in weights {
                guard let indicator = Indicator(rawValue: name) else { throw .unknownIndicator(post, name) }
                typed[indicator] = weight
            }
            schemes[post] = try AssessmentScheme(post: post, weights: typed)
        }
        return schemes
    }

    public static func encode(_ schemes: [AssessmentPost: AssessmentScheme]) -> String {
        var object: [String: [String: Double]] = [:]
        for (post, scheme) in schemes {
            object[post.rawValue] = Dictionary(uniqueKeysWithValues: scheme.weights.map { ($0.key.rawValue, $0.value) })
        }
        return CaseQueries.encodeJSON(object)
    }
}

extension GridStore {
    /// The assessment schemes in force: the stored ones over the shipped defaults.
    public func assessmentSchemes() async throws -> [AssessmentPost: AssessmentScheme] {
        let body = try await database.read { db in
            try db.queryOne("SELECT body FROM catalogues WHERE name = 'assessment'", [])?.text(0)
        }
        guard let body else { return AssessmentScheme.defaults }
        do { return try AssessmentSchemesFile.decode(body) } catch {
            throw StoreError.corrupt("stored assessment weights: \(error)")
        }
    }

    /// Replaces one post's weights (admins of the whole territory); journaled on the territory chain.
    public func saveAssessmentScheme(_ scheme: AssessmentScheme, by caller: Caller) async throws {
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("changing the assessment weights")
        }
        var schemes = try await assessmentSchemes()
        schemes[scheme.post] = scheme
        let body = AssessmentSchemesFile.encode(schemes)
        let at = now.epochMilliseconds
        try await database.write { db in
            try db.execute(
                """
                INSERT INTO catalogues (name, body, updated_at) VALUES ('assessment', ?, ?)
                ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """, [.text(body), .integer(at)])
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "assessment.weights",
                    entity: "assessment", entityID: scheme.post.rawValue,
                    after: .object(scheme.weights.reduce(into: [:]) { $0[$1.key.rawValue] = .number($1.value) })),
                at: at, on: db)
        }
    }
}
