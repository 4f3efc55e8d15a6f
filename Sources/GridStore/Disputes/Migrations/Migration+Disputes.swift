extension Migrations {
    /// 矛盾纠纷: disputes with their parties and mediators, mediated on the workflow engine with a
    /// history row a step (a session's minutes in its data, shown to mediators and centres only).
    static let disputes = Migration(
        version: 38, name: "disputes",
        statements: [
            """
            CREATE TABLE disputes (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                number TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                kind TEXT NOT NULL,
                summary TEXT NOT NULL,
                people_involved INTEGER NOT NULL,
                risk TEXT NOT NULL,
                source TEXT NOT NULL,
                case_number TEXT,
                parties TEXT NOT NULL,
                parties_key TEXT NOT NULL,
                mediators TEXT NOT NULL,
                state TEXT NOT NULL,
                outcome TEXT,
                agreement TEXT,
                registered_by TEXT NOT NULL,
                registered_at BIGINT NOT NULL,
                agreed_at BIGINT,
                closed_at BIGINT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, id)
            )
            """,
            "CREATE UNIQUE INDEX disputes_by_number ON disputes (county_code, number)",
            "CREATE INDEX disputes_by_grid ON disputes (county_code, grid_code, registered_at)",
            "CREATE INDEX disputes_by_parties ON disputes (county_code, parties_key)",
            """
            CREATE TABLE dispute_history (
                county_code TEXT NOT NULL,
                dispute_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                from_state TEXT,
                to_state TEXT NOT NULL,
                note TEXT,
                data TEXT NOT NULL,
                PRIMARY KEY (county_code, dispute_id, seq)
            )
            """,
        ])
}

extension Migrations {
    /// When a dispute entered its present state, for its step's time limit (时限); existing
    /// disputes take it from their history's last change of state.
    static let disputeDeadlines = Migration(
        version: 39, name: "dispute_deadlines",
        statements: [
            "ALTER TABLE disputes ADD COLUMN state_since BIGINT NOT NULL DEFAULT 0",
            """
            UPDATE disputes SET state_since = COALESCE((
                SELECT MAX(h.at) FROM dispute_history h
                WHERE h.county_code = disputes.county_code AND h.dispute_id = disputes.id
                    AND (h.from_state IS NULL OR h.from_state <> h.to_state)), registered_at)
            """,
            "CREATE INDEX disputes_by_deadline ON disputes (county_code, state, state_since)",
        ])
}
