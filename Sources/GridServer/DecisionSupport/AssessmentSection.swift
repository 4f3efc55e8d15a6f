import GridCore
import GridStore

/// A card a feature adds to an area's assessment page (`/center/assessment`): its own figures for
/// the area and period, from its own template. A feature declares it in its ``ServerFeature``.
struct AssessmentSection: Sendable {
    /// What the card is given: the caller's store, the area (nil: the caller's whole scope) and period.
    struct Request: Sendable {
        let scoped: ScopedStore
        let area: RegionCode?
        let period: AssessmentPeriod
        let renderer: PageRenderer
        let language: PageLanguage
    }

    /// The card's HTML, or nil when the caller has nothing of it to see.
    let render: @Sendable (Request) async throws -> String?
}
