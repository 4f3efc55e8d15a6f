import GridCore
import Testing

/// CSV as office software writes it, read into rows numbered as an editor shows them.
@Suite("Import tables: CSV")
struct ImportTableTests {
    @Test("quoted fields hold commas, doubled quotes and line breaks; lines keep their numbers")
    func quoting() throws {
        let text = "\u{FEFF}name,address\r\n\"张三\",\"文三路12号,3幢\"\r\n\r\n\"说\"\"好\"\"的\",\"两\nline\"\nlast,x\n"
        let (table, problems) = ImportTable.csv(text)
        #expect(problems.isEmpty)
        let read = try #require(table)
        #expect(read.header == ["name", "address"])
        #expect(read.rows.map(\.line) == [2, 4, 6])
        #expect(read.rows.map(\.fields) == [["张三", "文三路12号,3幢"], ["说\"好\"的", "两\nline"], ["last", "x"]])
    }

    @Test("a row of ten thousand columns, an unclosed quote and an empty file are named, at bounded cost")
    func refusals() {
        let wide = "a,b\n" + String(repeating: "x,", count: 10_000) + "y\nc,d\n"
        let (table, problems) = ImportTable.csv(wide)
        #expect(problems.problems.map(\.description) == ["line 2: a row has more than 100 columns"])
        #expect(table?.rows.map(\.fields) == [["c", "d"]])
        #expect(ImportTable.csv("a,b\n\"open,x\n").problems.problems.first?.line == 2)
        #expect(ImportTable.csv("").table == nil)
        let trailing = ImportTable.csv("a,b,,\n1,2,,\n3,4\n").table
        #expect(trailing?.header == ["a", "b"] && trailing?.rows.map(\.fields) == [["1", "2"], ["3", "4"]])
        let columns = ImportColumns(names: ["name", "grid_code"], required: ["grid_code"], chinese: ["姓名": "name"])
        guard case .failure(let missing) = columns.positions(in: ["姓名", "姓名", "星座"]) else {
            Issue.record("expected problems")
            return
        }
        #expect(
            missing.problems.map(\.description) == [
                "line 1, 姓名: the column name appears twice",
                "line 1, 星座: unknown column '星座'; the columns are name,grid_code",
                "line 1, grid_code: the required column grid_code is missing",
            ])
    }
}
