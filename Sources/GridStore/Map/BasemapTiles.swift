import Foundation
import GRDB

/// A raster basemap from an MBTiles file (an SQLite database of PNG or JPEG tiles, the format
/// tile tools export), so a county's intranet without internet still has streets and names under
/// its map. Read-only; tiles are addressed as web maps address them (`z/x/y`, y from the north),
/// while the file keeps TMS rows (y from the south).
public struct BasemapTiles: Sendable {
    private let queue: DatabaseQueue
    /// `png` or `jpg`, from the file's metadata.
    public let format: String
    /// The zoom levels the file holds.
    public let zoomLevels: ClosedRange<Int>
    /// The file's name for itself (metadata `name`), shown as the map's attribution.
    public let name: String

    public init(path: String) throws(StoreError) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .configuration("basemap \(path): no readable file")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let (metadata, zooms) = try queue.read { db -> ([String: String], (Int?, Int?)) in
                var metadata: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT name, value FROM metadata") {
                    if let key: String = row[0], let value: String = row[1] { metadata[key] = value }
                }
                let zooms = try Row.fetchOne(db, sql: "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles")
                return (metadata, (zooms?[0], zooms?[1]))
            }
            guard let low = zooms.0, let high = zooms.1 else {
                throw StoreError.configuration("basemap \(path): no tiles")
            }
            format = metadata["format"] == "jpg" || metadata["format"] == "jpeg" ? "jpg" : "png"
            zoomLevels = low...high
            name = metadata["name"] ?? (path as NSString).lastPathComponent
        } catch let error as StoreError {
            throw error
        } catch {
            throw .configuration("basemap \(path): not an MBTiles file (\(error))")
        }
    }

    /// The tile's bytes, or `nil` where the file has none.
    public func tile(z: Int, x: Int, y: Int) throws(StoreError) -> Data? {
        guard zoomLevels.contains(z), z < 31, (0..<(1 << z)).contains(x), (0..<(1 << z)).contains(y) else { return nil }
        let row = (1 << z) - 1 - y
        do {
            return try queue.read { db in
                try Data.fetchOne(
                    db, sql: "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                    arguments: [z, x, row])
            }
        } catch {
            throw .engine("basemap tile \(z)/\(x)/\(y): \(error)")
        }
    }

    /// The MIME type of the file's tiles.
    public var contentType: String { format == "jpg" ? "image/jpeg" : "image/png" }
}
