import Testing

@testable import GridStore

@Suite("Store features")
struct StoreFeatureTests {
    @Test("migration versions are unique across features, so none is skipped as already applied")
    func versionsAreUnique() {
        let versions = Migrations.all.map(\.version)
        #expect(Set(versions).count == versions.count, "\(versions.sorted())")
        let names = StoreFeatures.all.map(\.name)
        #expect(Set(names).count == names.count)
    }
}
