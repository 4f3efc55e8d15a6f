extension ServerFeature {
    /// The base-data registries (标准地址, 实有人口、房屋、单位): so far the words of their refusals;
    /// routes and pages join here as they land.
    static let registries = ServerFeature(name: "registries", routes: { _, _ in }, strings: ["registries-reasons.tsv"])
}
