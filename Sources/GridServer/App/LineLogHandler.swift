import GridCore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The server's log lines, one `write(2)` each to standard error:
/// `2026-11-23T02:42:50.123Z info gridgov: hb.request.id=… ms=1.2 [GridServer] POST /api/v1/cases 201`.
///
/// It replaces swift-log's `StreamLogHandler`, whose costs fell on every request of the intake path:
/// its timestamp goes through `strftime`, which re-reads the time-zone file's status on each line,
/// and it re-renders the logger's metadata whenever a key is set, which Hummingbird does for every
/// request's id. Here metadata is rendered only when a line is written, and the time is worked out
/// with integer arithmetic. Times are UTC, as servers log them; the pages show Beijing time.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let now: NowProvider
    private let output: @Sendable ([UInt8]) -> Void

    /// `output` receives each line; standard error unless a test collects them.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, now: NowProvider = .system,
        output: @escaping @Sendable ([UInt8]) -> Void = LineLogHandler.standardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, provided in provided } }
        if let explicit = event.metadata { merged.merge(explicit) { _, explicit in explicit } }
        if let error = event.error { merged["error.message"] = "\(error)" }
        var line = ISO8601UTC.milliseconds(now.epochMilliseconds)
        line += " \(event.level) \(label):"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        line += " [\(event.source)] \(event.message)\n"
        output(Array(line.utf8))
    }

    public static let standardError: @Sendable ([UInt8]) -> Void = { bytes in
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(2, base + offset, buffer.count - offset)
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
