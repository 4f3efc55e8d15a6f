import GridCore
import Synchronization

/// Locates a point to its grid through an in-memory ``SpatialIndex`` of every grid boundary.
///
/// The index is built from the store on first use and rebuilt after grids change; until then
/// the start-up of the server does not wait for it.
final class GridLocator: Sendable {
    private struct State {
        var index: SpatialIndex<RegionCode>?
        var loading: Task<SpatialIndex<RegionCode>, any Error>?
        var generation = 0
    }

    private let state = Mutex(State())
    private let database: any GridDatabase

    init(database: any GridDatabase) { self.database = database }

    /// Drops the index; the next lookup rebuilds it. Called after any grid is written.
    func invalidate() {
        state.withLock { state in
            state.index = nil
            state.loading = nil
            state.generation += 1
        }
    }

    /// Starts building the index in the background (the server calls this at start-up).
    func warmUp() { _ = loadingTask() }

    func index() async throws -> SpatialIndex<RegionCode> {
        if let index = state.withLock({ $0.index }) { return index }
        let (task, generation) = loadingTask()
        do {
            let index = try await task.value
            state.withLock { state in
                if state.generation == generation { state.index = index }
            }
            return index
        } catch {
            // A failed load (a busy or lost database) is not remembered: the next lookup tries again.
            state.withLock { state in
                if state.generation == generation { state.loading = nil }
            }
            throw error
        }
    }

    private func loadingTask() -> (Task<SpatialIndex<RegionCode>, any Error>, Int) {
        let database = self.database
        return state.withLock { state in
            if let loading = state.loading { return (loading, state.generation) }
            let task = Task {
                SpatialIndex(try await database.read { db in try RegionQueries.gridBoundaries(on: db) })
            }
            state.loading = task
            return (task, state.generation)
        }
    }
}
