import Crypto
import Foundation
import GridCore

/// The file steps of a backup and a restore. What is written is flushed to disk before it gets its
/// final name, so a crash leaves a `.partial` file or a hidden folder, never a damaged backup or store.
enum BackupFiles {
    enum Kind { case missing, file, folder }

    static func kind(of path: String) -> Kind {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return .missing }
        return isFolder.boolValue ? .folder : .file
    }

    static func join(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// The folder that holds `path` and the name of `path` in it. (Through `URL`: corelibs Foundation's
    /// `NSString.deletingLastPathComponent` traps on a one-letter relative path.)
    static func split(_ path: String) -> (parent: String, name: String) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return (url.deletingLastPathComponent().path, url.lastPathComponent)
    }

    static func names(in folder: String) throws(BackupError) -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
            throw .file(folder, action: "list", reason: error.localizedDescription)
        }
    }

    static func createFolder(_ path: String) throws(BackupError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .file(path, action: "create the folder", reason: error.localizedDescription)
        }
    }

    /// Flushes a file, or a folder's list of names, to disk.
    static func sync(_ path: String) throws(BackupError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .file(path, action: "open", reason: errorText()) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .file(path, action: "flush", reason: errorText()) }
    }

    /// Renames in one step (`rename(2)`): a folder may replace an empty one, never one with files in it.
    static func move(_ from: String, to: String) throws(BackupError) {
        guard rename(from, to) == 0 else { throw .file(from, action: "rename to \(to)", reason: errorText()) }
    }

    static func copy(_ from: String, to: String) throws(BackupError) {
        do { try FileManager.default.copyItem(atPath: from, toPath: to) } catch {
            throw .file(from, action: "copy to \(to)", reason: error.localizedDescription)
        }
    }

    /// Writes `data` under `path` whole or not at all: to a `.partial` file, flushed, then renamed.
    static func writeWhole(_ data: Data, to path: String) throws(BackupError) {
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: data) else {
            throw .file(partial, action: "write", reason: "the file could not be created")
        }
        do {
            try sync(partial)
            try move(partial, to: path)
        } catch {
            remove(partial)
            throw error
        }
    }

    /// Best effort, when cleaning up after a failure that is already being reported.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The size and SHA-256 (lower-case hex) of a file, read a megabyte at a time.
    static func digest(_ path: String) throws(BackupError) -> (bytes: Int64, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .file(path, action: "read", reason: "it cannot be opened")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        var bytes: Int64 = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hash.update(data: chunk)
                bytes += Int64(chunk.count)
            }
        } catch {
            throw .file(path, action: "read", reason: error.localizedDescription)
        }
        return (bytes, Hex.lowercase(hash.finalize()))
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
