extension Migrations {
    /// 吊销令牌: an API token can be revoked (leaked, or its device retired) without deleting it, so
    /// its name stays on the cases and journal entries it made. `NULL` is a live token.
    static let revokedTokens = Migration(
        version: 11, name: "revoked tokens",
        statements: [
            "ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT"
        ])
}
