import GridStore
import Hummingbird
import Prometheus

/// `GET /healthz`: 200 when the store answers, 503 otherwise. `GET /metrics`: Prometheus text.
struct HealthRoutes {
    func register(on router: Router<GridRequestContext>, store: GridStore, metrics: PrometheusCollectorRegistry?) {
        router.get("/healthz") { _, _ in
            do {
                _ = try await store.database.read { db in try db.queryOne("SELECT 1") }
            } catch {
                throw APIError(.serviceUnavailable, code: "store_unavailable", message: "the store does not answer")
            }
            return JSONResponse(["status": "ok"])
        }
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            metrics?.emit(into: &buffer)
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        }
    }
}
