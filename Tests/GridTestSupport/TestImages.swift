import GridCore

/// Real images of each accepted type, as a phone or camera would send them (made with Pillow and
/// pillow-heif), and PNGs of any size to tell photos apart.
public enum TestImages {
    /// A PNG of `width`×`height` pixels of one grey `shade`: a real image (stored deflate blocks),
    /// different bytes for every size and shade.
    public static func png(width: Int = 2, height: Int = 2, shade: UInt8 = 128) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return bigEndian(UInt32(data.count)) + body + bigEndian(CRC32.checksum(body))
        }
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0]
        // Each row: filter byte 0, then one byte per pixel (greyscale, 8 bits).
        let raw: [UInt8] = (0..<height).flatMap { _ in [0] + [UInt8](repeating: shade, count: width) }
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        return signature + chunk("IHDR", header) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    /// `data` as a zlib stream of stored (uncompressed) blocks.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        let blocks = stride(from: 0, to: max(data.count, 1), by: 65535).map { data[$0..<min($0 + 65535, data.count)] }
        for (index, block) in blocks.enumerated() {
            let length = UInt16(block.count)
            out += [
                index == blocks.count - 1 ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF),
                UInt8(~length >> 8),
            ]
            out += block
        }
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    private static func bytes(_ hexLines: [String]) -> [UInt8] {
        let hex = Array(hexLines.joined().utf8)
        return stride(from: 0, to: hex.count, by: 2).map { UInt8(hexDigit(hex[$0]) << 4 | hexDigit(hex[$0 + 1])) }
    }

    private static func hexDigit(_ character: UInt8) -> UInt8 {
        character <= UInt8(ascii: "9") ? character - UInt8(ascii: "0") : character - UInt8(ascii: "a") + 10
    }

    /// A baseline JPEG, 3×2 grey (Pillow, quality 50).
    public static let jpeg = bytes([
        "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c39",
        "33383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffc0000b080002000301011100ffc40014000100000000",
        "000000000000000000000000ffc40014100100000000000000000000000000000000ffda0008010100003f003fffd9",
    ])

    /// A progressive JPEG, 5×4 (several scans, each followed by tables).
    public static let progressiveJPEG = bytes([
        "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c39",
        "33383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f6342384263636363",
        "63636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363ffc20011080004000503",
        "012200021101031101ffc4001500010100000000000000000000000000000001ffc4001501010100000000000000000000000000000405ff",
        "da000c0301000210031000000180533fffc40014100100000000000000000000000000000000ffda00080101000105027fffc40014110100",
        "000000000000000000000000000000ffda0008010301013f017fffc40014110100000000000000000000000000000000ffda000801020101",
        "3f017fffc40014100100000000000000000000000000000000ffda0008010100063f027fffc4001410010000000000000000000000000000",
        "0000ffda0008010100013f217fffda000c030100020003000000100bffc40014110100000000000000000000000000000000ffda00080103",
        "01013f107fffc40014110100000000000000000000000000000000ffda0008010201013f107fffc400141001000000000000000000000000",
        "00000000ffda0008010100013f107fffd9",
    ])

    /// A lossy WebP (VP8), 3×2.
    public static let webp = bytes([
        "52494646340000005745425056503820280000009001009d012a0300020002c04c25a00274ba00039800feed4ddebbc5a51affe7a67f5b7f",
        "1ff8c800",
    ])

    /// A lossless WebP (VP8L), 3×2.
    public static let losslessWebP = bytes([
        "524946461e000000574542505650384c110000002f0240000007508f2217a5ff8188e87f0000"
    ])

    /// An extended WebP (VP8X, ALPH, VP8) with transparency, 4×3.
    public static let extendedWebP = bytes([
        "524946465c00000057454250565038580a00000010000000030000020000414c50480a000000010750c088084444ff03565038202c000000",
        "9001009d012a0400030002c04c25a00274ba00039800feee431fee6c738b7057ff6d0fff5a1ffeb43fe94000",
    ])

    /// An animated WebP (VP8X, ANIM, two ANMF frames), 4×3.
    public static let animatedWebP = bytes([
        "524946468400000057454250565038580a00000012000000030000020000414e494d06000000000000000000414e4d462800000000000000",
        "0000030000020000000000025650384c0f0000002f038000100710fd8f020622a2ff0100414e4d4628000000000000000000030000020000",
        "000000005650384c0f0000002f0380000007d0ff88fe0722a2ff0100",
    ])

    /// A HEIC as phones save it, 3×2: coded as 64×64 (ispe) and cropped by its clean aperture (clap).
    public static let heic = bytes([
        "000000186674797068656963000000006d696631686569630000017c6d657461000000000000002168646c72000000000000000070696374",
        "0000000000000000000000000000000022696c6f630000000044400001000100000000019c0001000000000000002a0000002369696e6600",
        "000000000100000015696e6665020000000001000068766331000000000e7069746d000000000001000000fc69707270000000dc6970636f",
        "00000075687663430103700000009000000000001ef000fcfdf8f800000f03600001001840010c01ffff0370000003009000000300000300",
        "1eba0240610001002942010103700000030090000003000003001ea020810596eaae9ae6e021a0c08000000c800000030084620001000644",
        "01c173c18900000013636f6c726e636c780001000d000680000000146973706500000000000000400000004000000028636c617000000003",
        "000000010000000200000001ffffffc300000002ffffffc200000002000000107069786900000000030808080000001869706d6100000000",
        "000000010001058102030584000000326d646174000000262801af19215e4240ef5da5bfff7c7cff3a95fe215b7ca64aa69704d788990b03",
        "81808d919d38",
    ])
}
