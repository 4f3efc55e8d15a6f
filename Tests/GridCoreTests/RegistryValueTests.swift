import GridCore
import Testing

/// The registries' checked values: identity numbers (GB 11643), unified social credit codes
/// (GB 32100) and the masks everyone sees. Vectors are the standards' own examples, checked
/// against python-stdnum's `cn.ric` and `cn.uscc`.
@Suite("Registries: identity numbers, credit codes, masks")
struct RegistryValueTests {
    @Test("an identity number's check character, birth date and sex")
    func identity() throws {
        let number = try IdentityNumber("11010519491231002x")
        #expect(number.text == "11010519491231002X" && number.sex == .female)
        #expect(number.birthDate == CalendarDay(year: 1949, month: 12, day: 31) && number.issuingRegion == "110105")
        #expect(try IdentityNumber("３３０１０６１９９００３０７１２３６").sex == .male, "full-width digits are read")
        #expect(try IdentityNumber("330106 19900307 1236").text == "330106199003071236")
        // The old fifteen digits: 19 inserted before the year, the check character computed.
        #expect(try IdentityNumber("110105491231002").text == "11010519491231002X")
    }

    @Test("a wrong check character, an impossible or future birth date, or a bad shape is refused with the reason")
    func identityRefusals() {
        func reason(_ text: String, latest: CalendarDay? = nil) -> String? {
            do {
                _ = try IdentityNumber(text, latest: latest)
                return nil
            } catch { return error.description }
        }
        #expect(reason("110105194912310021") == "the check character of this identity number should be X")
        #expect(reason("330106199002301239")?.hasPrefix("the birth date") == true, "30 February")
        #expect(reason("330106189001011230")?.hasPrefix("the birth date") == true, "before 1900")
        #expect(
            reason("330106203001011239", latest: CalendarDay(year: 2026, month: 12, day: 3))?.hasPrefix(
                "the birth date")
                == true, "born after today")
        #expect(reason("33010619900307123")?.hasPrefix("an identity number has 18") == true)
        #expect(reason("3301061990030712X6") == "an identity number is digits, with an X only at the end")
        #expect(reason("") != nil)
    }

    @Test("a credit code's check character")
    func creditCode() throws {
        #expect(try CreditCode("91350100M000100Y43").region == "350100")
        #expect(try CreditCode("91110108551385082q").text == "91110108551385082Q")
        do {
            _ = try CreditCode("91350100M000100Y44")
            Issue.record("a wrong check character was accepted")
        } catch {
            #expect(error.description == "the check character of this unified social credit code should be 3")
        }
        #expect(throws: InvalidValue.self) { try CreditCode("91350100M000100I43") }
        #expect(throws: InvalidValue.self) { try CreditCode("9135") }
    }

    @Test("masks keep enough to tell people apart, not to call them")
    func masks() throws {
        #expect(try IdentityNumber("11010519491231002X").masked == "1101**********002X")
        #expect(Masking.phone("13800138000") == "138****8000")
        #expect(Masking.phone("0571-87654321") == "********4321")
        #expect(Masking.phone("12") == "**")
    }
}
