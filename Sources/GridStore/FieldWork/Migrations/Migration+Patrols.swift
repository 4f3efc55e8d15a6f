extension Migrations {
    /// 巡查 and 考勤: a patrol with its running totals and last point (each upload is checked
    /// against it), its track as compact chunks (``TrackCodec``), a worker's day signed in and
    /// out, and each worker's latest position for the command centre's map.
    static let patrols = Migration(
        version: 30, name: "patrols and attendance",
        statements: [
            """
            CREATE TABLE patrols (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                worker TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                ended_at BIGINT,
                points INTEGER NOT NULL,
                distance_m DOUBLE PRECISION NOT NULL,
                last_at BIGINT,
                last_lat DOUBLE PRECISION,
                last_lng DOUBLE PRECISION,
                PRIMARY KEY (county_code, id)
            )
            """,
            "CREATE INDEX patrols_by_grid ON patrols (county_code, grid_code, started_at)",
            "CREATE INDEX patrols_by_worker ON patrols (worker, started_at)",
            """
            CREATE TABLE track_chunks (
                county_code TEXT NOT NULL,
                patrol_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                points INTEGER NOT NULL,
                bytes {blob} NOT NULL,
                PRIMARY KEY (county_code, patrol_id, seq)
            )
            """,
            """
            CREATE TABLE attendance (
                county_code TEXT NOT NULL,
                worker TEXT NOT NULL,
                day TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                signed_in_at BIGINT NOT NULL,
                signed_out_at BIGINT,
                PRIMARY KEY (county_code, worker, day)
            )
            """,
            "CREATE INDEX attendance_by_grid ON attendance (county_code, grid_code, day)",
            """
            CREATE TABLE worker_positions (
                worker TEXT PRIMARY KEY,
                county_code TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                lat DOUBLE PRECISION NOT NULL,
                lng DOUBLE PRECISION NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX worker_positions_by_grid ON worker_positions (grid_code)",
        ])
}

extension Migrations {
    /// A worker's latest position is kept per county (keyed by `county_code` first, as every
    /// territorial table is, so it distributes with its county on Citus).
    static let workerPositionsByCounty = Migration(
        version: 40, name: "worker positions by county",
        statements: [
            """
            CREATE TABLE worker_positions_by_county (
                county_code TEXT NOT NULL,
                worker TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                lat DOUBLE PRECISION NOT NULL,
                lng DOUBLE PRECISION NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (county_code, worker)
            )
            """,
            """
            INSERT INTO worker_positions_by_county (county_code, worker, grid_code, lat, lng, at)
            SELECT county_code, worker, grid_code, lat, lng, at FROM worker_positions
            """,
            "DROP TABLE worker_positions",
            "ALTER TABLE worker_positions_by_county RENAME TO worker_positions",
            "CREATE INDEX worker_positions_by_grid ON worker_positions (county_code, grid_code)",
        ])
}
