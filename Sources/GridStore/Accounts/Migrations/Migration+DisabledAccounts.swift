extension Migrations {
    /// 停用账号: an account can be disabled (its holder left, or lost the phone) without deleting it,
    /// so its name stays on the cases and journal entries it made. `NULL` is an active account.
    static let disabledAccounts = Migration(
        version: 10, name: "disabled accounts",
        statements: [
            "ALTER TABLE users ADD COLUMN disabled_at BIGINT"
        ])
}
