import GridCore
import GridTestSupport
import Testing

/// Photos are accepted only when they parse as the image type their first bytes claim.
@Suite("Image dimensions")
struct ImageDimensionsTests {
    typealias Format = ImageDimensions.Format

    @Test(
        "each accepted type gives its format and size in pixels",
        arguments: [
            (TestImages.jpeg, Format.jpeg, 3, 2), (TestImages.progressiveJPEG, .jpeg, 5, 4),
            (TestImages.png(width: 5, height: 7), .png, 5, 7),
            (TestImages.webp, .webp, 3, 2), (TestImages.losslessWebP, .webp, 3, 2),
            (TestImages.extendedWebP, .webp, 4, 3), (TestImages.animatedWebP, .webp, 4, 3),
            (TestImages.heic, .heic, 3, 2),
        ])
    func reads(bytes: [UInt8], format: Format, width: Int, height: Int) throws {
        #expect(try ImageDimensions.read(bytes) == ImageDimensions(format: format, width: width, height: height))
    }

    @Test("bytes that claim no accepted type are none")
    func noImage() throws {
        for bytes in [Array("<html>not a photo</html>".utf8), Array("GIF89a....".utf8), [], [0xFF, 0xD8]] {
            #expect(try ImageDimensions.read(bytes) == nil)
        }
    }

    @Test("a PNG signature followed by HTML is refused, not taken for a PNG")
    func pngSignatureBeforeHTML() {
        let polyglot = TestImages.png().prefix(8) + Array("<html><script>alert(1)</script></html>".utf8)
        #expect(throws: ImageDecodingError(format: .png, reason: "chunk at byte 8 has a malformed type 'l><s'")) {
            try ImageDimensions.read(Array(polyglot))
        }
    }

    @Test("PNGs cut short, with a bad checksum, a bad header or bytes after IEND are refused")
    func badPNGs() {
        let png = TestImages.png(width: 3, height: 2)
        var corrupted = png
        corrupted[45] ^= 0x01
        let cases: [([UInt8], String)] = [
            (Array(png.dropLast()), "chunk IEND is cut short at byte \(png.count - 4)"),
            (Array(png.prefix(33)), "ends before its IEND chunk"),
            (corrupted, "chunk IDAT at byte 33 has a bad CRC"),
            (png + Array("<html>".utf8), "has 6 bytes after its IEND chunk"),
            (TestImages.png(width: 0, height: 2), "IHDR gives a size of 0×2"),
            (Array(png.prefix(8)) + Array(png.dropFirst(33)), "does not start with a 13-byte IHDR chunk"),
        ]
        for (bytes, reason) in cases {
            #expect(throws: ImageDecodingError(format: .png, reason: reason)) { try ImageDimensions.read(bytes) }
        }
    }

    @Test(
        "JPEGs without a frame, a scan or an end, or with a broken segment, are refused; bytes after EOI are a camera's own"
    )
    func badJPEGs() throws {
        let jpeg = TestImages.jpeg
        let cases: [([UInt8], String)] = [
            ([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 1, count: 64), "segment 0xFFE0 is cut short at byte 4"),
            (Array(jpeg.dropLast(2)), "ends inside a scan, before its EOI marker"),
            ([0xFF, 0xD8, 0xFF, 0xD9], "ends (EOI) before its frame header and first scan"),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02] + Array("<html>".utf8), "has no marker at byte 6"),
        ]
        for (bytes, reason) in cases {
            #expect(throws: ImageDecodingError(format: .jpeg, reason: reason)) { try ImageDimensions.read(bytes) }
        }
        #expect(try ImageDimensions.read(jpeg + [0x4D, 0x50, 0x46, 0x00])?.width == 3)
    }

    @Test("WebPs whose RIFF size is not the file's, cut short, or without image data are refused")
    func badWebPs() {
        let webp = TestImages.webp
        let noImage = Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WEBP".utf8)
        let cases: [([UInt8], String)] = [
            (webp + [0, 0], "its RIFF header gives \(webp.count) bytes, the file has \(webp.count + 2)"),
            (Array(noImage), "has no image data"),
            (
                Array("RIFF".utf8) + [12, 0, 0, 0] + Array("WEBPHTML".utf8) + [0, 0, 0, 0],
                "starts with chunk HTML, not VP8, VP8L or VP8X"
            ),
        ]
        for (bytes, reason) in cases {
            #expect(throws: ImageDecodingError(format: .webp, reason: reason)) { try ImageDimensions.read(bytes) }
        }
    }

    @Test("HEICs cut short or without a primary item's size are refused")
    func badHEICs() {
        let heic = TestImages.heic
        #expect(throws: ImageDecodingError(format: .heic, reason: "box mdat is cut short at byte \(heic.count - 50)")) {
            try ImageDimensions.read(Array(heic.dropLast()))
        }
        let ftypOnly = Array(heic.prefix(24))
        #expect(throws: ImageDecodingError(format: .heic, reason: "has no meta box")) {
            try ImageDimensions.read(ftypOnly)
        }
        #expect(throws: ImageDecodingError(format: .heic, reason: "box l></ is cut short at byte 24")) {
            try ImageDimensions.read(ftypOnly + Array("<html></html>".utf8))
        }
    }
}
