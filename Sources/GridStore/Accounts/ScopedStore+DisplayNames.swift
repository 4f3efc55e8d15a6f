import GridCore

extension ScopedStore {
    /// The display names of these accounts (`dept` → 城管局), for the people and units a case's
    /// history names. Staff only: a resident learns no one's name; unknown names are left out.
    public func displayNames(of usernames: Set<String>) async throws -> [String: String] {
        guard ![.resident, .integration].contains(caller.role), !usernames.isEmpty else { return [:] }
        let wanted = Array(usernames.prefix(500))
        return try await store.database.read { db in
            var names: [String: String] = [:]
            for start in stride(from: 0, to: wanted.count, by: 100) {
                let chunk = wanted[start..<min(start + 100, wanted.count)]
                let rows = try db.query(
                    "SELECT username, display_name FROM users WHERE username IN ("
                        + chunk.map { _ in "?" }.joined(separator: ",") + ")", chunk.map { .text($0) })
                for row in rows { names[try row.text(0)] = try row.text(1) }
            }
            return names
        }
    }
}
