/// The lines of an imported text file, numbered as an editor numbers them.
enum CSVLines {
    struct Line {
        var number: Int
        var bytes: ArraySlice<UInt8>
    }

    /// Splits on LF (dropping a CR before it), skipping blank lines but keeping line numbers.
    static func split(_ bytes: [UInt8]) -> [Line] {
        var result: [Line] = []
        var start = 0
        var number = 1
        func emit(_ end: Int) {
            var slice = bytes[start..<end]
            if slice.last == 0x0D { slice = slice.dropLast() }
            if !slice.isEmpty { result.append(Line(number: number, bytes: slice)) }
        }
        for i in 0..<bytes.count where bytes[i] == 0x0A {
            emit(i)
            start = i + 1
            number += 1
        }
        if start < bytes.count { emit(bytes.count) }
        return result
    }
}
