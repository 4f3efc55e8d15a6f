import GridCore
import Testing

@Suite("Divisions files")
struct DivisionsFileTests {
    static let good = """
        code,name,level,parent_code,lat,lng
        330000000000,浙江省,1,,30.26,120.15
        330100000000,杭州市,2,330000000000,,
        330106000000,西湖区,3,330100000000,,
        330106001000,北山街道,4,330106000000,,
        330106001001,北山社区,5,330106001000,,
        110000000000,北京市,1,,,
        110101000000,东城区,3,110000000000,,
        """

    @Test("a good file parses; a county may hang directly under its province; seats become WGS-84")
    func good() throws {
        let file = try DivisionsFile(utf8: Array(Self.good.utf8), existingLevel: { _ in nil })
        #expect(file.rows.count == 7)
        #expect(file.rows[6].region.parentCode?.digits == "110000000000")
        let seat = try #require(file.rows[0].region.seat)
        #expect(abs(seat.lng - 120.15) > 0.003, "GCJ-02 seat converted")
    }

    @Test("every bad row is reported with its line and reason")
    func badRows() {
        let text = """
            code,name,level,parent_code,lat,lng
            330000000000,浙江省,1,,,
            330100000000,杭州市,3,330000000000,,
            330200000000,宁波市,2,339900000000,,
            330000000000,浙江省,1,,,
            330106001001,某社区,5,330000000000,abc,
            330106,西湖区,3,330100000000,,
            """
        #expect {
            _ = try DivisionsFile(utf8: Array(text.utf8), existingLevel: { _ in nil })
        } throws: { error in
            guard let problems = error as? ImportProblems else { return false }
            let lines = problems.problems.map(\.line)
            #expect(lines == [3, 4, 5, 6, 7])
            #expect(problems.problems[0].reason.description.contains("does not fit level 3"))
            #expect(problems.problems[1].reason.description.contains("unknown parent 339900000000"))
            #expect(problems.problems[2].reason.description.contains("duplicate"))
            #expect(problems.problems[3].field == "lat")
            #expect(
                problems.problems[4].reason.description.contains("unknown parent 330100000000"),
                "a refused row is no parent")
            return true
        }
    }

    @Test("a wrong header is refused on line 1")
    func header() {
        #expect(
            throws: ImportProblems([
                ImportProblem(
                    line: 1, field: nil,
                    reason: "the header must be \("code,name,level,parent_code,lat,lng"), found \("code,name")")
            ])
        ) {
            try DivisionsFile(utf8: Array("code,name\n1,2\n".utf8), existingLevel: { _ in nil })
        }
    }

    @Test("parents may come from the store")
    func parentsInStore() throws {
        let text = "code,name,level,parent_code,lat,lng\n330106002000,西溪街道,4,330106000000,,\n"
        let file = try DivisionsFile(
            utf8: Array(text.utf8), existingLevel: { $0.digits == "330106000000" ? .county : nil })
        #expect(file.rows.count == 1)
    }
}
