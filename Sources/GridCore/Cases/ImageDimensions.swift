/// An uploaded image's format and size in pixels, read by walking the file's structure rather than
/// trusting its first bytes: a PNG signature followed by HTML, a file cut short, a header that
/// contradicts the rest are refused, so only what parses as the image type it claims is stored
/// and served as that type.
public struct ImageDimensions: Sendable, Hashable {
    public enum Format: String, Sendable, CaseIterable {
        case jpeg, png, webp, heic

        public var contentType: String { "image/\(rawValue)" }

        public var name: String {
            switch self {
            case .jpeg: "JPEG"
            case .png: "PNG"
            case .webp: "WebP"
            case .heic: "HEIC"
            }
        }
    }

    public var format: Format
    public var width: Int
    public var height: Int

    public init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// The image in `bytes`; `nil` when they start like none of the formats, and an error naming
    /// what is wrong when they start like one but do not parse as it.
    public static func read(_ bytes: [UInt8]) throws(ImageDecodingError) -> ImageDimensions? {
        guard let format = claimedFormat(bytes) else { return nil }
        let reader = ImageBytes(bytes: bytes, format: format)
        let (width, height) =
            switch format {
            case .png: try reader.png()
            case .jpeg: try reader.jpeg()
            case .webp: try reader.webp()
            case .heic: try reader.heic()
            }
        return ImageDimensions(format: format, width: width, height: height)
    }

    /// The format `bytes` claim by their signature.
    static func claimedFormat(_ bytes: [UInt8]) -> Format? {
        let head = bytes.prefix(12)
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        guard head.count == 12 else { return nil }
        if head.starts(with: Array("RIFF".utf8)), head.dropFirst(8).elementsEqual("WEBP".utf8) { return .webp }
        if head.dropFirst(4).prefix(4).elementsEqual("ftyp".utf8),
            heicBrands.contains(String(decoding: head.dropFirst(8), as: UTF8.self))
        {
            return .heic
        }
        return nil
    }

    /// Brands of HEIF files holding HEVC-coded still images (what phones save as .heic).
    static let heicBrands: Set<String> = ["heic", "heix", "mif1"]
}

/// Why bytes that claim an image format are not a valid image of it.
public struct ImageDecodingError: Error, Hashable, CustomStringConvertible {
    public var format: ImageDimensions.Format
    public var reason: String

    public init(format: ImageDimensions.Format, reason: String) {
        self.format = format
        self.reason = reason
    }

    public var description: String { "is not a valid \(format.name) image: \(reason)" }
}

/// Bounds-checked reads over an image's bytes; every failure is an ``ImageDecodingError``.
private struct ImageBytes {
    let bytes: [UInt8]
    let format: ImageDimensions.Format

    var count: Int { bytes.count }

    func fail(_ reason: String) -> ImageDecodingError { ImageDecodingError(format: format, reason: reason) }

    /// Checks that `length` bytes from `offset` lie within `limit` (the file, or a containing box).
    func need(_ offset: Int, _ length: Int, within limit: Int? = nil, _ what: @autoclosure () -> String)
        throws(ImageDecodingError)
    {
        guard offset >= 0, length >= 0, offset <= (limit ?? count) - length else {
            throw fail("\(what()) is cut short at byte \(offset)")
        }
    }

    func uint(_ offset: Int, _ length: Int, bigEndian: Bool) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<length {
            let byte = UInt64(bytes[bigEndian ? offset + index : offset + length - 1 - index])
            value = value << 8 | byte
        }
        return value
    }

    func be(_ offset: Int, _ length: Int) -> Int { Int(uint(offset, length, bigEndian: true)) }
    func le(_ offset: Int, _ length: Int) -> Int { Int(uint(offset, length, bigEndian: false)) }

    func fourCC(_ offset: Int) -> String {
        String(
            decoding: bytes[offset..<offset + 4].map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") },
            as: UTF8.self)
    }

    // MARK: PNG

    /// Every chunk, with its CRC: IHDR first and valid, image data, IEND last with nothing after it.
    func png() throws(ImageDecodingError) -> (Int, Int) {
        var offset = 8
        var size: (Int, Int)?
        var colourType = 0
        var sawPalette = false
        var sawData = false
        while true {
            guard offset < count else { throw fail("ends before its IEND chunk") }
            try need(offset, 8, "the chunk header")
            let length = be(offset, 4)
            let type = fourCC(offset + 4)
            guard length <= Int(Int32.max) else { throw fail("chunk at byte \(offset) has length \(length)") }
            guard type.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0 & ~0x20) }) else {
                throw fail("chunk at byte \(offset) has a malformed type '\(type)'")
            }
            try need(offset + 8, length + 4, "chunk \(type)")
            let crcOffset = offset + 8 + length
            guard CRC32.checksum(bytes[(offset + 4)..<crcOffset]) == UInt32(be(crcOffset, 4)) else {
                throw fail("chunk \(type) at byte \(offset) has a bad CRC")
            }
            let data = offset + 8
            if size == nil {
                guard type == "IHDR", length == 13 else { throw fail("does not start with a 13-byte IHDR chunk") }
                size = (be(data, 4), be(data + 4, 4))
                colourType = Int(bytes[data + 9])
                try checkHeader(
                    width: be(data, 4), height: be(data + 4, 4), depth: Int(bytes[data + 8]), colourType: colourType,
                    compression: bytes[data + 10], filter: bytes[data + 11], interlace: bytes[data + 12])
            } else {
                switch type {
                case "IHDR": throw fail("has a second IHDR chunk at byte \(offset)")
                case "PLTE":
                    guard !sawData else { throw fail("has its palette after its image data") }
                    sawPalette = true
                case "IDAT": sawData = true
                case "IEND":
                    guard sawData else { throw fail("has no image data (IDAT)") }
                    guard colourType != 3 || sawPalette else { throw fail("is paletted but has no palette (PLTE)") }
                    let after = count - (crcOffset + 4)
                    guard after == 0 else { throw fail("has \(after) bytes after its IEND chunk") }
                    return size ?? (0, 0)
                default:
                    // A decoder must refuse critical chunks it does not know (upper-case first letter).
                    guard type.utf8.first.map({ $0 & 0x20 != 0 }) == true else {
                        throw fail("has an unknown critical chunk \(type)")
                    }
                }
            }
            offset = crcOffset + 4
        }
    }

    private func checkHeader(
        width: Int, height: Int, depth: Int, colourType: Int,
        compression: UInt8, filter: UInt8, interlace: UInt8
    ) throws(ImageDecodingError) {
        guard (1...Int(Int32.max)).contains(width), (1...Int(Int32.max)).contains(height) else {
            throw fail("IHDR gives a size of \(width)×\(height)")
        }
        let depths: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard depths[colourType]?.contains(depth) == true else {
            throw fail("IHDR gives colour type \(colourType) with bit depth \(depth)")
        }
        guard compression == 0, filter == 0, interlace <= 1 else {
            throw fail("IHDR names an unknown compression, filter or interlace method")
        }
    }

    // MARK: JPEG

    /// Segments from SOI: exactly one frame header (SOFn) with a non-zero size, a scan after it,
    /// and an EOI marker. Bytes after EOI are allowed: cameras append more pictures there (MPF).
    func jpeg() throws(ImageDecodingError) -> (Int, Int) {
        var offset = 2
        var size: (Int, Int)?
        var scanned = false
        while true {
            guard offset < count else { throw fail("ends before its EOI marker") }
            guard bytes[offset] == 0xFF else { throw fail("has no marker at byte \(offset)") }
            while offset < count, bytes[offset] == 0xFF { offset += 1 }
            guard offset < count else { throw fail("ends before its EOI marker") }
            let marker = bytes[offset]
            let markerName = "0xFF" + String(marker, radix: 16, uppercase: true)
            offset += 1
            switch marker {
            case 0xD9:
                guard let size, scanned else { throw fail("ends (EOI) before its frame header and first scan") }
                return size
            case 0x01: continue
            case 0x00, 0xD0...0xD8: throw fail("has a stray marker \(markerName) at byte \(offset - 2)")
            default: break
            }
            try need(offset, 2, "segment \(markerName)")
            let length = be(offset, 2)
            guard length >= 2 else { throw fail("segment \(markerName) at byte \(offset - 2) has length \(length)") }
            try need(offset, length, "segment \(markerName)")
            if Self.frameMarkers.contains(marker) {
                guard size == nil else { throw fail("has a second frame header at byte \(offset - 2)") }
                guard length >= 8, length == 8 + 3 * Int(bytes[offset + 7]), bytes[offset + 7] > 0 else {
                    throw fail("frame header at byte \(offset - 2) is inconsistent with its length")
                }
                let height = be(offset + 3, 2)
                let width = be(offset + 5, 2)
                guard width > 0, height > 0 else { throw fail("frame header gives a size of \(width)×\(height)") }
                size = (width, height)
            }
            offset += length
            if marker == 0xDA {
                guard size != nil else { throw fail("has a scan before its frame header") }
                scanned = true
                offset = try endOfScan(from: offset)
            }
        }
    }

    /// SOF0–SOF15 without DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static let frameMarkers: Set<UInt8> = Set(0xC0...0xCF).subtracting([0xC4, 0xC8, 0xCC])

    /// The offset of the marker that ends entropy-coded data: 0xFF not followed by a stuffed zero,
    /// a restart marker or a fill byte.
    private func endOfScan(from start: Int) throws(ImageDecodingError) -> Int {
        var offset = start
        while let found = bytes[offset...].firstIndex(of: 0xFF) {
            guard found + 1 < count else { break }
            switch bytes[found + 1] {
            case 0x00, 0xD0...0xD7: offset = found + 2
            case 0xFF: offset = found + 1
            default: return found
            }
        }
        throw fail("ends inside a scan, before its EOI marker")
    }

    // MARK: WebP

    /// A RIFF container whose size is the file's, filled exactly by its chunks; the first chunk is
    /// the image (VP8, VP8L) or the extended header (VP8X) that must be followed by image data of
    /// its canvas size.
    func webp() throws(ImageDecodingError) -> (Int, Int) {
        let riffSize = le(4, 4)
        guard riffSize + 8 == count else {
            throw fail("its RIFF header gives \(riffSize + 8) bytes, the file has \(count)")
        }
        var offset = 12
        var canvas: (Int, Int)?
        var image: (Int, Int)?
        var animated = false
        while offset < count {
            try need(offset, 8, "the chunk header")
            let type = fourCC(offset)
            let length = le(offset + 4, 4)
            let data = offset + 8
            try need(data, length + length % 2, "chunk \(type)")
            switch (type, offset == 12) {
            case ("VP8X", true):
                guard length == 10 else { throw fail("VP8X chunk has length \(length)") }
                animated = bytes[data] & 0x02 != 0
                let width = le(data + 4, 3) + 1
                let height = le(data + 7, 3) + 1
                guard width * height <= Int(UInt32.max) else { throw fail("canvas of \(width)×\(height) is too large") }
                canvas = (width, height)
            case ("VP8 ", _): image = try vp8(data, length)
            case ("VP8L", _): image = try vp8l(data, length)
            case ("ANMF", false): image = image ?? canvas
            case (_, true): throw fail("starts with chunk \(type), not VP8, VP8L or VP8X")
            default: break
            }
            offset = data + length + length % 2
        }
        if let canvas {
            guard let image else { throw fail("has no image data after its VP8X chunk") }
            guard animated || image == canvas else {
                throw fail("its image is \(image.0)×\(image.1) but its canvas \(canvas.0)×\(canvas.1)")
            }
            return canvas
        }
        guard let image else { throw fail("has no image data") }
        return image
    }

    /// A lossy key frame's header: its start code and 14-bit width and height.
    private func vp8(_ data: Int, _ length: Int) throws(ImageDecodingError) -> (Int, Int) {
        guard length >= 10 else { throw fail("VP8 chunk is cut short") }
        guard bytes[data] & 0x01 == 0 else { throw fail("VP8 data does not start with a key frame") }
        guard bytes[(data + 3)..<(data + 6)].elementsEqual([0x9D, 0x01, 0x2A]) else {
            throw fail("VP8 key frame has no start code")
        }
        let width = le(data + 6, 2) & 0x3FFF
        let height = le(data + 8, 2) & 0x3FFF
        guard width > 0, height > 0 else { throw fail("VP8 frame gives a size of \(width)×\(height)") }
        return (width, height)
    }

    /// A lossless image's header: its signature, then 14-bit width − 1 and height − 1 and a zero version.
    private func vp8l(_ data: Int, _ length: Int) throws(ImageDecodingError) -> (Int, Int) {
        guard length >= 5, bytes[data] == 0x2F else { throw fail("VP8L chunk has no signature") }
        let bits = le(data + 1, 4)
        guard bits >> 29 == 0 else { throw fail("VP8L version \(bits >> 29) is unknown") }
        return ((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
    }

    // MARK: HEIC

    /// ISO base media boxes that fill the file exactly: `ftyp` first, then a `meta` box naming a
    /// picture handler and a primary item whose `ispe` property gives its size, cropped by `clap`
    /// and turned by `irot` as a viewer shows it.
    func heic() throws(ImageDecodingError) -> (Int, Int) {
        let top = try boxes(in: 0..<count)
        guard top.first?.type == "ftyp" else { throw fail("does not start with an ftyp box") }
        guard let meta = top.first(where: { $0.type == "meta" }) else { throw fail("has no meta box") }
        let items = try boxes(in: try fullBoxBody(meta, 0))
        guard let handler = items.first(where: { $0.type == "hdlr" }), handler.payload.count >= 12,
            fourCC(handler.payload.lowerBound + 8) == "pict"
        else { throw fail("meta box has no picture handler") }
        guard let primaryBox = items.first(where: { $0.type == "pitm" }) else {
            throw fail("names no primary item (pitm)")
        }
        let primaryBody = try fullBoxBody(primaryBox, 2)
        let idLength = bytes[primaryBox.payload.lowerBound] == 0 ? 2 : 4
        try need(primaryBody.lowerBound, idLength, within: primaryBody.upperBound, "box pitm")
        let primary = be(primaryBody.lowerBound, idLength)
        guard let properties = items.first(where: { $0.type == "iprp" }) else {
            throw fail("has no item properties (iprp)")
        }
        let propertyBoxes = try boxes(in: properties.payload)
        guard let container = propertyBoxes.first(where: { $0.type == "ipco" }) else {
            throw fail("has no property container (ipco)")
        }
        let all = try boxes(in: container.payload)
        let indices = try associations(of: primary, in: propertyBoxes.filter { $0.type == "ipma" })
        var size: (Int, Int)?
        for index in indices {
            guard index >= 1, index <= all.count else { throw fail("associates property \(index) of \(all.count)") }
            let property = all[index - 1]
            switch property.type {
            case "ispe":
                let body = try fullBoxBody(property, 8)
                size = (be(body.lowerBound, 4), be(body.lowerBound + 4, 4))
            case "clap":
                guard let coded = size else {
                    throw fail("crops (clap) its primary item before giving its size (ispe)")
                }
                size = try cropped(property, width: coded.0, height: coded.1)
            case "irot":
                guard let coded = size, property.payload.count >= 1 else {
                    throw fail("rotates (irot) before giving its size (ispe)")
                }
                if bytes[property.payload.lowerBound] & 0x01 == 1 { size = (coded.1, coded.0) }
            default: break
            }
        }
        guard let size else { throw fail("gives no size (ispe) for its primary item") }
        guard size.0 > 0, size.1 > 0 else { throw fail("gives a size of \(size.0)×\(size.1)") }
        return size
    }

    struct Box {
        var type: String
        var offset: Int
        var payload: Range<Int>
    }

    /// The boxes that exactly fill `range` (a size of 0 runs to its end, 1 gives a 64-bit size).
    private func boxes(in range: Range<Int>) throws(ImageDecodingError) -> [Box] {
        var list: [Box] = []
        var offset = range.lowerBound
        while offset < range.upperBound {
            try need(offset, 8, within: range.upperBound, "the box header")
            let type = fourCC(offset + 4)
            var size = be(offset, 4)
            var header = 8
            if size == 1 {
                try need(offset, 16, within: range.upperBound, "box \(type)")
                guard uint(offset + 8, 8, bigEndian: true) <= UInt64(Int.max) else {
                    throw fail("box \(type) is too large")
                }
                size = be(offset + 8, 8)
                header = 16
            } else if size == 0 {
                size = range.upperBound - offset
            }
            guard size >= header else { throw fail("box \(type) at byte \(offset) has size \(size)") }
            try need(offset, size, within: range.upperBound, "box \(type)")
            list.append(Box(type: type, offset: offset, payload: (offset + header)..<(offset + size)))
            offset += size
        }
        return list
    }

    /// A full box's payload after its version and flags, holding at least `length` bytes.
    private func fullBoxBody(_ box: Box, _ length: Int) throws(ImageDecodingError) -> Range<Int> {
        guard box.payload.count >= 4 + length else { throw fail("box \(box.type) at byte \(box.offset) is cut short") }
        return (box.payload.lowerBound + 4)..<box.payload.upperBound
    }

    /// The 1-based indices into `ipco` of the properties associated with `item`, in order.
    private func associations(of item: Int, in maps: [Box]) throws(ImageDecodingError) -> [Int] {
        for map in maps {
            let body = try fullBoxBody(map, 4)
            let version = bytes[map.payload.lowerBound]
            let wideIndices = bytes[map.payload.lowerBound + 3] & 0x01 == 1
            let idLength = version < 1 ? 2 : 4
            let indexLength = wideIndices ? 2 : 1
            var offset = body.lowerBound + 4
            for _ in 0..<be(body.lowerBound, 4) {
                try need(offset, idLength + 1, within: body.upperBound, "the property associations")
                let id = be(offset, idLength)
                let count = Int(bytes[offset + idLength])
                offset += idLength + 1
                try need(offset, count * indexLength, within: body.upperBound, "the property associations")
                if id == item {
                    // The top bit marks an essential property; the rest is the index.
                    return (0..<count).map {
                        be(offset + $0 * indexLength, indexLength) & (wideIndices ? 0x7FFF : 0x7F)
                    }
                }
                offset += count * indexLength
            }
        }
        throw fail("associates no properties with its primary item")
    }

    /// The clean aperture (`clap`): width and height as fractions, rounded, within the coded size.
    private func cropped(_ box: Box, width: Int, height: Int) throws(ImageDecodingError) -> (Int, Int) {
        try need(box.payload.lowerBound, 16, within: box.payload.upperBound, "box clap")
        let start = box.payload.lowerBound
        let (widthN, widthD, heightN, heightD) = (be(start, 4), be(start + 4, 4), be(start + 8, 4), be(start + 12, 4))
        guard widthD > 0, heightD > 0 else { throw fail("clap box divides by zero") }
        let cropWidth = (2 * widthN + widthD) / (2 * widthD)
        let cropHeight = (2 * heightN + heightD) / (2 * heightD)
        guard cropWidth >= 1, cropWidth <= width, cropHeight >= 1, cropHeight <= height else {
            throw fail("crops \(width)×\(height) to \(cropWidth)×\(cropHeight)")
        }
        return (cropWidth, cropHeight)
    }
}
