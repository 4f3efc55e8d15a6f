import Testing

@testable import GridServer

@Suite("Features register themselves")
struct FeatureRegistryTests {
    @Test("every feature is named once, and no two name the same API path or schema")
    func featuresDoNotCollide() {
        let names = ServerFeatures.all.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
        #expect(OpenAPIDocument.collisions().isEmpty)
    }

    @Test("a path named by two features is reported, not silently dropped")
    func collisionIsReported() {
        let twice = ServerFeature(name: "copy", routes: { _, _ in }, openAPI: OpenAPI.health)
        #expect(OpenAPIDocument.collisions(features: ServerFeatures.all + [twice]) == ["/healthz", "/metrics"])
    }
}
