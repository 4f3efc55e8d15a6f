extension Migrations {
    /// Finding a case by the last digits of its number or of the reporter's phone, as a hotline
    /// caller reads them out: each kept reversed (``CaseSearch/tailKey(_:)``), so the digits are a
    /// prefix an index finds among a million cases. SQLite learns `reverse` from the store
    /// (PostgreSQL has it).
    /// The cases changed lately are found by the time of their change.
    static let caseSearch = Migration(
        version: 19, name: "case search by number and phone tails; recent changes",
        statements: [
            "ALTER TABLE cases ADD COLUMN number_tail TEXT",
            "ALTER TABLE cases ADD COLUMN phone_tail TEXT",
            "UPDATE cases SET number_tail = reverse(replace(number, '-', ''))",
            """
            UPDATE cases SET phone_tail = reverse(replace(replace(reporter_phone, '-', ''), ' ', ''))
            WHERE reporter_phone IS NOT NULL
            """,
            "CREATE INDEX cases_by_number_tail ON cases (number_tail)",
            "CREATE INDEX cases_by_phone_tail ON cases (phone_tail) WHERE phone_tail IS NOT NULL",
            // The centre's live feed opens with the last hour's changes.
            "CREATE INDEX cases_by_update ON cases (county_code, updated_at)",
        ])
}
