extension Migrations {
    /// 实有人口: identity numbers and phones only sealed (`*_sealed`), found by keyed blind index
    /// (`*_index`) and shown masked (`*_masked`); see ``ProtectedFields``.
    static let people = Migration(
        version: 23, name: "people",
        statements: [
            """
            CREATE TABLE people (
                county_code TEXT NOT NULL,
                id TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                name TEXT NOT NULL,
                identity_sealed TEXT,
                identity_index TEXT,
                identity_masked TEXT,
                birth_date TEXT,
                sex TEXT,
                phone_sealed TEXT,
                phone_index TEXT,
                phone_masked TEXT,
                ethnicity TEXT,
                population_type TEXT NOT NULL,
                address TEXT,
                tags TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, id)
            )
            """,
            "CREATE UNIQUE INDEX people_by_identity ON people (county_code, identity_index)",
            "CREATE INDEX people_by_grid ON people (county_code, grid_code, name)",
            "CREATE INDEX people_by_phone ON people (county_code, phone_index)",
        ])
}

extension Migrations {
    /// 实有房屋 and 实有单位. A house is a standard address (`address_code`, usually a room) with
    /// its use and owner; a person lives at one (`people.address_code`). An organisation is known
    /// in its county by its credit code; its contact phone is sealed like a person's.
    static let housesAndOrganisations = Migration(
        version: 24, name: "houses and organisations",
        statements: [
            """
            CREATE TABLE houses (
                county_code TEXT NOT NULL,
                address_code TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                use_code TEXT NOT NULL,
                owner_sealed TEXT,
                owner_index TEXT,
                owner_masked TEXT,
                area DOUBLE PRECISION,
                tenants INTEGER,
                tenant_limit INTEGER,
                hazard_level TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, address_code)
            )
            """,
            "CREATE INDEX houses_by_grid ON houses (county_code, grid_code)",
            """
            CREATE TABLE organisations (
                county_code TEXT NOT NULL,
                credit_code TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                name TEXT NOT NULL,
                type TEXT,
                address TEXT,
                phone_sealed TEXT,
                phone_index TEXT,
                phone_masked TEXT,
                legal_representative TEXT,
                flags TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, credit_code)
            )
            """,
            "CREATE INDEX organisations_by_grid ON organisations (county_code, grid_code, name)",
            "ALTER TABLE people ADD COLUMN address_code TEXT",
            "CREATE INDEX people_by_address ON people (county_code, address_code)",
        ])
}

extension Migrations {
    /// 重点人群: the groups an administrator added or changed (over the shipped ones, by code) and
    /// who belongs to which, with how closely they are watched and their group's typed fields.
    static let keyPopulations = Migration(
        version: 25, name: "key populations",
        statements: [
            """
            CREATE TABLE population_groups (
                code TEXT NOT NULL PRIMARY KEY,
                definition TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE key_people (
                county_code TEXT NOT NULL,
                person_id TEXT NOT NULL,
                group_code TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                attention TEXT NOT NULL,
                details TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (county_code, person_id, group_code)
            )
            """,
            "CREATE INDEX key_people_by_grid ON key_people (county_code, grid_code, group_code)",
        ])
}

extension Migrations {
    /// A person is looked up by identity number or phone without knowing their county (a centre
    /// of a province, an API lookup): the blind indexes alone must find them at once.
    static let peopleByIndexAlone = Migration(
        version: 26, name: "people by blind index alone",
        statements: [
            "CREATE INDEX people_by_identity_alone ON people (identity_index)",
            "CREATE INDEX people_by_phone_alone ON people (phone_index)",
        ])
}

extension Migrations {
    /// A person's profile (``PersonProfile``: census fields and those of their population type) as
    /// one object, and their household number beside it, which finds the rest of the household.
    static let personProfiles = Migration(
        version: 27, name: "person profiles and households",
        statements: [
            "ALTER TABLE people ADD COLUMN profile TEXT",
            "ALTER TABLE people ADD COLUMN household_number TEXT",
            "CREATE INDEX people_by_household ON people (county_code, household_number)",
        ])
}
