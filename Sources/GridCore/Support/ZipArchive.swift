/// A ZIP archive written in memory, its entries stored without compression: enough for the files
/// GridGov hands out (an XLSX workbook is a ZIP of XML parts), with no compression library.
///
/// The format is PKWARE's APPNOTE: a local header and the bytes of each entry, then a central
/// directory naming them all and an end record pointing at it. Names are UTF-8 (flag bit 11).
public struct ZipArchive: Sendable {
    private var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    public init() {}

    /// Adds a file. Entries past 4 GiB or 65,535 files would need ZIP64, which nothing here writes.
    public mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(truncatingIfNeeded: bytes.count)
        // Local file header.
        append32(&bytes, 0x0403_4b50)
        append16(&bytes, 20)  // version needed: 2.0
        append16(&bytes, 0x0800)  // UTF-8 names
        append16(&bytes, 0)  // stored
        append16(&bytes, 0)  // time
        append16(&bytes, 0x21)  // date: 1980-01-01
        append32(&bytes, crc)
        append32(&bytes, UInt32(truncatingIfNeeded: data.count))
        append32(&bytes, UInt32(truncatingIfNeeded: data.count))
        append16(&bytes, UInt16(truncatingIfNeeded: nameBytes.count))
        append16(&bytes, 0)
        bytes += nameBytes
        bytes += data
        // Its central directory entry.
        append32(&directory, 0x0201_4b50)
        append16(&directory, 20)
        append16(&directory, 20)
        append16(&directory, 0x0800)
        append16(&directory, 0)
        append16(&directory, 0)
        append16(&directory, 0x21)
        append32(&directory, crc)
        append32(&directory, UInt32(truncatingIfNeeded: data.count))
        append32(&directory, UInt32(truncatingIfNeeded: data.count))
        append16(&directory, UInt16(truncatingIfNeeded: nameBytes.count))
        append16(&directory, 0)  // extra
        append16(&directory, 0)  // comment
        append16(&directory, 0)  // disk
        append16(&directory, 0)  // internal attributes
        append32(&directory, 0)  // external attributes
        append32(&directory, offset)
        directory += nameBytes
        count += 1
    }

    /// The archive's bytes.
    public var data: [UInt8] {
        var result = bytes + directory
        append32(&result, 0x0605_4b50)
        append16(&result, 0)
        append16(&result, 0)
        append16(&result, UInt16(truncatingIfNeeded: count))
        append16(&result, UInt16(truncatingIfNeeded: count))
        append32(&result, UInt32(truncatingIfNeeded: directory.count))
        append32(&result, UInt32(truncatingIfNeeded: bytes.count))
        append16(&result, 0)
        return result
    }

    private func append16(_ target: inout [UInt8], _ value: UInt16) {
        target.append(UInt8(value & 0xFF))
        target.append(UInt8(value >> 8))
    }

    private func append32(_ target: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { target.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
