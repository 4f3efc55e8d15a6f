import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 实有房屋 and 实有单位 as offices send them (CSV or an Excel workbook): houses placed in the
/// standard-address tree with the people who live there, organisations known by credit code;
/// merged on re-import, refused outside scope, owners and phones only ever masked.
@Suite("Store contract: houses and organisations")
struct HouseStoreTests {
    typealias S = CaseStoreTests
    typealias P = PeopleStoreTests

    /// A workbook as office software saves it: deflated parts, shared strings (one of them rich
    /// text with a phonetic guide), an inline string, a phone typed as a number, a date cell.
    static let workbook = Array(
        Data(
            base64Encoded:
                "UEsDBBQAAAAIAKFSg11Gx01IlQAAAM0AAAAQAAAAZG9jUHJvcHMvYXBwLnhtbE3PTQvCMAwG4L9SdreZih6kDkQ9ip68zy51hbYpbYT67+0EP255ecgboi6JIia2mEXxLuRtMzLHDUDWI/o+y8qhiqHke64x3YGMsRoPpB8eA8OibdeAhTEMOMzit7Dp1C5GZ3XPlkJ3sjpRJsPiWDQ6sScfq9wcChDneiU+ixNLOZcrBf+LU8sVU57mym/8ZAW/B7oXUEsDBBQAAAAIAKFSg10UqURM6gAAAMsBAAARAAAAZG9jUHJvcHMvY29yZS54bWylkcFOwzAMhl9lyr11kmo7RF0uQ5xAQmISiFuUeFtE00aJUbu3py1bB4Ibx/j//NlWahuV7RI+pS5iIo95NYSmzcrGLTsRRQWQ7QmDyeVItGN46FIwND7TEaKx7+aIIDnfQEAyzpCBSVjExcguSmcXZfxIzSxwFrDBgC1lEKWAG0uYQv6zYU4Wcsh+ofq+L/tq5saNBLw+PjzPyxe+zWRai0zXziqb0FCX9HRRPA9NDd+K9WX2VwHdapyg6Bxxy67JS7W7298zLbncFEIWvNoLriRX6/Xb5PrRfxOGzvmD/4fxKtA1/Po3/QlQSwMEFAAAAAgAoVKDXZlcnCMQBgAAnCcAABMAAAB4bC90aGVtZS90aGVtZTEueG1s7Vpbc9o4FH7vr9B4Z/ZtC8Y2gba0E3Npdtu0mYTtTh+FEViNbHlkkYR/v0c2EMuWDe2STbqbPAQs6fvORUfn6Dh58+4uYuiGiJTyeGDZL9vWu7cv3uBXMiQRQTAZp6/wwAqlTF61WmkAwzh9yRMSw9yCiwhLeBTL1lzgWxovI9bqtNvdVoRpbKEYR2RgfV4saEDQVFFab18gtOUfM/gVy1SNZaMBE1dBJrmItPL5bMX82t4+Zc/pOh0ygW4wG1ggf85vp+ROWojhVMLEwGpnP1Zrx9HSSICCyX2UBbpJ9qPTFQgyDTs6nVjOdnz2xO2fjMradDRtGuDj8Xg4tsvSi3AcBOBRu57CnfRsv6RBCbSjadBk2PbarpGmqo1TT9P3fd/rm2icCo1bT9Nrd93TjonGrdB4Db7xT4fDronGq9B062kmJ/2ua6TpFmhCRuPrehIVteVA0yAAWHB21szSA5ZeKfp1lBrZHbvdQVzwWO45iRH+xsUE1mnSGZY0RnKdkAUOADfE0UxQfK9BtorgwpLSXJDWzym1UBoImsiB9UeCIcXcr/31l7vJpDN6nX06zmuUf2mrAaftu5vPk/xz6OSfp5PXTULOcLwsCfH7I1thhyduOxNyOhxnQnzP9vaRpSUyz+/5CutOPGcfVpawXc/P5J6MciO73fZYffZPR24j16nAsyLXlEYkRZ/ILbrkETi1SQ0yEz8InYaYalAcAqQJMZahhvi0xqwR4BN9t74IyN+NiPerb5o9V6FYSdqE+BBGGuKcc+Zz0Wz7B6VG0fZVvNyjl1gVAZcY3zSqNSzF1niVwPGtnDwdExLNlAsGQYaXJCYSqTl+TUgT/iul2v6c00DwlC8k+kqRj2mzI6d0Js3oMxrBRq8bdYdo0jx6/gX5nDUKHJEbHQJnG7NGIYRpu/AerySOmq3CEStCPmIZNhpytRaBtnGphGBaEsbReE7StBH8Waw1kz5gyOzNkXXO1pEOEZJeN0I+Ys6LkBG/HoY4SprtonFYBP2eXsNJweiCy2b9uH6G1TNsLI73R9QXSuQPJqc/6TI0B6OaWQm9hFZqn6qHND6oHjIKBfG5Hj7lengKN5bGvFCugnsB/9HaN8Kr+ILAOX8ufc+l77n0PaHStzcjfWfB04tb3kZuW8T7rjHa1zQuKGNXcs3Ix1SvkynYOZ/A7P1oPp7x7frZJISvmlktIxaQS4GzQSS4/IvK8CrECehkWyUJy1TTZTeKEp5CG27pU/VKldflr7kouDxb5OmvoXQ+LM/5PF/ntM0LM0O3ckvqtpS+tSY4SvSxzHBOHssMO2c8kh22d6AdNfv2XXbkI6UwU5dDuBpCvgNtup3cOjiemJG5CtNSkG/D+enFeBriOdkEuX2YV23n2NHR++fBUbCj7zyWHceI8qIh7qGGmM/DQ4d5e1+YZ5XGUDQUbWysJCxGt2C41/EsFOBkYC2gB4OvUQLyUlVgMVvGAyuQonxMjEXocOeXXF/j0ZLj26ZltW6vKXcZbSJSOcJpmBNnq8reZbHBVR3PVVvysL5qPbQVTs/+Wa3InwwRThYLEkhjlBemSqLzGVO+5ytJxFU4v0UzthKXGLzj5sdxTlO4Ena2DwIyubs5qXplMWem8t8tDAksW4hZEuJNXe3V55ucrnoidvqXd8Fg8v1wyUcP5TvnX/RdQ65+9t3j+m6TO0hMnHnFEQF0RQIjlRwGFhcy5FDukpAGEwHNlMlE8AKCZKYcgJj6C73yDLkpFc6tPjl/RSyDhk5e0iUSFIqwDAUhF3Lj7++TaneM1/osgW2EVDJk1RfKQ4nBPTNyQ9hUJfOu2iYLhdviVM27Gr4mYEvDem6dLSf/217UPbQXPUbzo5ngHrOHc5t6uMJFrP9Y1h75Mt85cNs63gNe5hMsQ6R+wX2KioARq2K+uq9P+SWcO7R78YEgm/zW26T23eAMfNSrWqVkKxE/Swd8H5IGY4xb9DRfjxRiraaxrcbaMQx5gFjzDKFmON+HRZoaM9WLrDmNCm9B1UDlP9vUDWj2DTQckQVeMZm2NqPkTgo83P7vDbDCxI7h7Yu/AVBLAwQUAAAACAChUoNdwi/t+gMCAAAtBQAAGAAAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbG2UX47aMBDGrxL5AOv8W6AoidSFDfSh0mpXbZ9NGEi0SZzaBtoDtE+9RA9XaY/RscNmbbcSAk9+M2N/X/BkFy6eZQ2ggm9d28uc1EoNS0plVUPH5A0foEdy4KJjCkNxpHIQwPamqGtpHIYz2rGmJ0Vmnj2IIuMn1TY9PIhAnrqOie930PJLTiLy+uCxOdbKPKBFNrAjPIH6NGABhnTqs2866GXD+0DAISfvo+U2NRUm43MDF2mtAy1mx/mzDj7scxLqM0ELldItGP6cYQVtqzvhSb5em5K3TXWlvX5tXxr9eLwdk7Di7Zdmr+qcLEiwhwM7teqRX7Zw1XT7dsQ1U6zIBL8EQostskov9JaYKDE+F2FGz7hldWV3NotctrJZ7LK1zRKX3dssdVlps1uXbWw2c9nWZvOJUdQ6CY4nwbGVvPAE2+ydJ3hk/WhGsghD8+VZtrY7RB68d6BnaOlAz9GNAz1Ltw5M/68/mfQndrbn8sqBns1rB849bQ70fC0Ty7skCaNwhvaNH0/LmNn0+s4+KYEVDf7xzUhYyoFVkBO88xLEGUgRBC+/f/35+SPIqMImOvMf4ekkPLVP6L3d0oax9942CKUZEJOIdBYuYs9pal0zPUY+MnFsehm0cMC68GaOl1GM93IMFB9M1x1XindmWeM4A6ETkB84V1Og58I0IYu/UEsDBBQAAAAIAKFSg10J4Wt4fwIAABALAAANAAAAeGwvc3R5bGVzLnhtbN1WTW/bMAz9K4bvnZt4NeIhzmEGAgzYhgLtYVclkhMB+vBkuUj26ydKamw3oYsNO81BYYpPj4+kKLjrzp4FezoyZpOTFKqr0qO17acs6/ZHJkn3QbdMOaTRRhLrluaQda1hhHZAkiJb3t8XmSRcpZu16uVW2i7Z617ZKl1eXEl4faFVuig+pkkIV2vKqvTsnjsp7yhNk+wm4eGakMksbM+i5mbdaDVIL9LgcPGIZMkLEVVaE8F3hntaQyQX5+Bfes9eC20S66pmQAdX9ytsWMQltCTGklxpExIIMv4FWXAhJg0Ax2bdEmuZUVu3CCTvvcai/XxuXRYHQ86L5UM6YviXk9lpQ5mZlBtcm7VgjQWG4YejN6xu4bXT1moJFuXkoBUJmbzSouFi75kQTzAXP5qJwKkZnco9nIm6mC6raIYwcQEC43Ah+Cju8u/itvxF28+9K0j59c9eW/ZoWMNPfn1qhgQm4eMw/VOBLNY06tykbxdvArNYpd9hlsUoxq7nwnIVV0dOKVPX7XPxLdm52zoRcLsoa0gv7PMFrNLB/sYo72V52fUIhcVdg/0VZmVRDBfBiXFF2YnROi7NYefNxBlONj6e8Rba+geBUFYAEQhAVAtNA2UFHqr1P9a1wusKIJrh6ja0wlkrnBV4N6Ha/1AthFW6Bym5LPO8KND21vXtNGq0h0UBf0hANEPgoFqg9qednxmAmbF5ZzbQU54dG7TkmRFFS57pPEBID4FTlsgAoFrAQQ8FnShIAtGCUUNYeQ7njGaIXvMZqCxRCIYUmd6iwBpVwA85L/QS5XlZIhCASBp5jkJwYWcgNA1IBIXyPHxI33zPstfvXDb8D7z5DVBLAwQUAAAACAChUoNdt0frisAAAAAWAgAACwAAAF9yZWxzLy5yZWxznZJLbgIxDECvEmVfTKnEAjGs2LBDiAu4ieejmcSRY8T09o3YwCBoEUv/np4trw80oHYcc9ulbMYwxFzZVjWtALJrKWCecaJYKjVLQC2hNJDQ9dgQLObzJcgtw27Wt0xz/En0CpHrunO0ZXcKFPUB+K7DmiNKQ1rZcYAzS//N3M8K1Jqdr6zs/Kc18KbM8/UgkKJHRXAs9JGkTIt2lK8+nt2+pPOlY2K0eN/o//PQqBQ9+b+dMKWJ0tdFCSZvsPkFUEsDBBQAAAAIAKFSg10zXadFPQEAACkCAAAPAAAAeGwvd29ya2Jvb2sueG1sjZBRTsMwDIavUuUAtJtgEtO6FyZgEgLE0N7T1l2tJXGVuBvsEhyCW+w8cA+SlMIkXnhy/Nv68v+e7cluC6Jt8qKVcVObi4a5naapKxvQ0p1RC8bParJasm/tJqW6xhIWVHYaDKfjLJukFpRkJOMabJ3oaf9hudaCrFwDwFr1KC3RiPlscPZok/S0I4Yy/BTUoKwR9u53IbTJDh0WqJBfcxHfCkSi0aDGA1S5yETiGtrfksUDGZZqVVpSKhejfrAGy1j+kVfB5rMsXFRYFk8hcy4mmQfWaB3HjciX3uQO/HLfdUzXqBjsQjLcWOpaNJuI8THSkxzxFENNjNSQi4/j8fPtPXjw2rLq/bAHnaSzU/QDu6y+kQOnghoNVPce5MLApyr9SUOJpPH5xejSu++UuvLag7kjWf0YG646/wJQSwMEFAAAAAgAoVKDXRXTBcfEAAAAiQIAABoAAAB4bC9fcmVscy93b3JrYm9vay54bWwucmVsc7VSQQ6CMBD8StMHuIKJByOcvHAVPtDAQgnQNt014u9t0ASIHjzIaTOz2ZnJZM9X7BW31pBuHYlx6A0lUjO7EwCVGgdFO+vQhE1t/aA4QN+AU2WnGoR4vz+CX2rI9LzUFMXD4S+Ktq7bEi+2vA1o+Isw3K3vSCOyFIXyDXIiYexnmmAa0S4oS5FVifRZFUkBmyUifvRIc5wXXvnHW/pzuMXZfoIvcl3C4TPEe5Pn8p99aOWxytm3plnWsqSnYCENrD4vfQJQSwMEFAAAAAgAoVKDXVFlr/YrAQAAXwQAABMAAABbQ29udGVudF9UeXBlc10ueG1srVTLTsMwEPyVKNeqceHAAbW9AFeoBD9g4k1jxS/tbkv692xcWgEqbVF7seXs7Mx4x8r0bZOAit67QLOyZU73SlHdgtdUxQRBKk1Er1mOuFRJ151egrqdTO5UHQND4DEPHOV8+giNXjkunnr5TDaGWYngqCwetsBBa1bqlJytNUtdrYP5pTL+UqikM2OotYlGAigLdVAil/5U2DW+rAHRGigWGvlZe4Gp3inijQOqjnMccBmbxtZgYr3y0lJRQtCGWgD2rtqSjk5IswwZtuvNxQYyzVFFgS4wJpLUEP6vt4tl6B4nIQJke+KSe0nhvviGMCRuwJwrLhP+iNjlTEjl7fIx/8x5z3+OkfcYu2u/s2GvvLbhlAFqNYJ5ZbRhefXX/p07GxEfKv9X5p9QSwMEFAAAAAgAoVKDXeIGuP/IAQAALQMAABQAAAB4bC9zaGFyZWRTdHJpbmdzLnhtbI1STW/TMBi+8ysiH7httpO1+yDJhJCAE+oBJMQta80SqXFK7CK4rUJVGdVWJrrt0HWr+BBIDEqFqkI/+DV1nJ+BWybQ6h2QrNd6n+f9fGx781lYNJ6SmAURdQBeRsAgNB8VArrtgAf3by+tAYNxjxa8YkSJA54TBjbdazZj3FCplDnA57y0ASHL+yT02HJUIlQxj6M49Lhy423ISjHxCswnhIdFaCKUhaEXUGDkozLlDjAxMMo0eFImt/4Crs0C1+au+PhGvN6zIXdtOEMu0Op58u0gHX6ejiaiMZCdymJEWmnK7yPZ7Kfd9iKnUpPjxiI6HQ5F453sjcRpfZGTk4OkM5bjoys6TScN0d7RenRq8suvy2g8H33c+YPGcyDOKbMFZ35uzk9/7P7jc77BthwwexV1zVTh7qO7N+/duQjJ+ZeaYowwyuD1lXVsWhgh86E2Vm/3itWTlwPZ00S2LFUti5SZHy3pqKZmTQddbKonsMTPt6bYOxTVFxmExdf3moT1c9GrpjsVpbNWqr0vWi3juheWbhhyX5MfZVbx0tpqNrNimdoconWq1etXxKtPWmBtKJtnyfGH5OQs6dfT7uF/bwzVf3d/A1BLAQIUAxQAAAAIAKFSg11Gx01IlQAAAM0AAAAQAAAAAAAAAAAAAACAAQAAAABkb2NQcm9wcy9hcHAueG1sUEsBAhQDFAAAAAgAoVKDXRSpREzqAAAAywEAABEAAAAAAAAAAAAAAIABwwAAAGRvY1Byb3BzL2NvcmUueG1sUEsBAhQDFAAAAAgAoVKDXZlcnCMQBgAAnCcAABMAAAAAAAAAAAAAAIAB3AEAAHhsL3RoZW1lL3RoZW1lMS54bWxQSwECFAMUAAAACAChUoNdwi/t+gMCAAAtBQAAGAAAAAAAAAAAAAAAgAEdCAAAeGwvd29ya3NoZWV0cy9zaGVldDEueG1sUEsBAhQDFAAAAAgAoVKDXQnha3h/AgAAEAsAAA0AAAAAAAAAAAAAAIABVgoAAHhsL3N0eWxlcy54bWxQSwECFAMUAAAACAChUoNdt0frisAAAAAWAgAACwAAAAAAAAAAAAAAgAEADQAAX3JlbHMvLnJlbHNQSwECFAMUAAAACAChUoNdM12nRT0BAAApAgAADwAAAAAAAAAAAAAAgAHpDQAAeGwvd29ya2Jvb2sueG1sUEsBAhQDFAAAAAgAoVKDXRXTBcfEAAAAiQIAABoAAAAAAAAAAAAAAIABUw8AAHhsL19yZWxzL3dvcmtib29rLnhtbC5yZWxzUEsBAhQDFAAAAAgAoVKDXVFlr/YrAQAAXwQAABMAAAAAAAAAAAAAAIABTxAAAFtDb250ZW50X1R5cGVzXS54bWxQSwECFAMUAAAACAChUoNd4ga4/8gBAAAtAwAAFAAAAAAAAAAAAAAAgAGrEQAAeGwvc2hhcmVkU3RyaW5ncy54bWxQSwUGAAAAAAoACgCAAgAApRMAAAAA"
        ) ?? Data())

    @Test("an XLSX workbook reads as its first sheet: shared and inline strings, numbers as typed, dates as days")
    func workbookTable() throws {
        let table = try XLSXReader.table(Self.workbook)
        #expect(table.header == ["姓名", "公民身份号码", "联系电话", "民族", "人口类型", "网格编码", "住址", "标签"])
        #expect(
            table.rows.map(\.line) == [2, 3, 4]
                && table.rows[0].fields == [
                    "张三", "11010519491231002X", "13800138000", "汉族", "户籍", "330106001001001", "文三路12号3幢2单元501室", "独居老人",
                ])
        #expect(table.rows[1].fields == ["李四 & 王", "", "0571-87654321", "回", "流动", "330106001001001", "", "行内"])
        #expect(table.rows[2].fields == ["出生日期测试", "", "", "", "", "330106001001001", "2026-03-01", ""])
        // Not a workbook: named, never a crash.
        for bad in [
            Array("PK\u{3}\u{4}garbage".utf8), Array(Self.workbook.prefix(2000)), Array(Self.workbook.dropLast(30)),
        ] {
            #expect(throws: InvalidValue.self) { try XLSXReader.table(bad) }
        }
    }

    static let houses = """
        地址,楼栋,单元,室,网格编码,用途,房主身份证号,居住人数,限住人数,隐患等级
        文三路12号,3,2,501,330106001001001,出租,\(P.zhang),9,6,严重
        文三路12号,3,2,502,330106001001001,自住,,,,
        文三路12号,三栋,1,101,330106001001001,经营,,,,一般

        """

    @Test(
        "houses land in the address tree by building; residents are linked by address; a re-import updates",
        arguments: Backend.available)
    func housesAndResidents(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            let (summary, problems) = try await test.store.importHouses(
                Array(Self.houses.utf8), source: "h.csv", by: P.admin)
            #expect(problems.isEmpty && summary.inserted == 3 && summary.merged == 0)
            _ = try await test.store.importPeople(
                utf8OrGBK: Self.workbook, source: "p.xlsx", validRowsOnly: true, by: P.admin)
            let grid = try RegionCode("330106001001001")
            let houses = try await test.store.scoped(to: S.county).houses(inGrid: grid)
            #expect(houses.map(\.address) == ["文三路12号3幢1单元101室", "文三路12号3幢2单元501室", "文三路12号3幢2单元502室"])
            let rental = try #require(houses.first { $0.address.hasSuffix("501室") })
            #expect(rental.use == .rented && rental.isOvercrowded && rental.hazard == .serious)
            #expect(rental.maskedOwner == "3301**********004X" && rental.residents == 1)
            let residents = try await test.store.scoped(to: S.county).people(
                atAddress: rental.addressCode, county: "330106")
            #expect(residents.map(\.name) == ["张三"])
            // The same house again: updated, not added.
            let again =
                "address,building,unit,room,grid_code,use,owner_id_number,tenants\n文三路12号,3,2,501,330106001001001,出租,,5\n"
            let merged = try await test.store.importHouses(Array(again.utf8), source: "h2.csv", by: P.admin)
            #expect(merged.summary.merged == 1 && merged.summary.inserted == 0)
            let updated = try await test.store.scoped(to: S.county).houses(inGrid: grid)
            #expect(
                updated.count == 3 && updated.first { $0.addressCode == rental.addressCode }?.isOvercrowded == false)
            // Another grid's worker cannot list them.
            let worker2 = Caller(actor: "worker2", role: .worker, scope: .region(try RegionCode("330106001002001")))
            await #expect(throws: StoreError.self) { try await test.store.scoped(to: worker2).houses(inGrid: grid) }
        }
    }

    @Test(
        "bad house and organisation rows are named by line and column, and nothing is written",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            func problems(_ text: String, units: Bool = false, by caller: Caller = P.admin) async -> [String] {
                do {
                    if units {
                        _ = try await test.store.importOrganisations(Array(text.utf8), source: "u.csv", by: caller)
                    } else {
                        _ = try await test.store.importHouses(Array(text.utf8), source: "h.csv", by: caller)
                    }
                    return []
                } catch let problems as ImportProblems {
                    return problems.problems.map(\.description)
                } catch {
                    return ["\(error)"]
                }
            }
            let header = "address,building,unit,room,grid_code,use\n"
            #expect(await problems(header + "文三路1号,,,,330106001001001,仓库\n").first?.hasPrefix("line 2, use:") == true)
            #expect(
                await problems(header + "文三路1号,,,501,330106001001001,出租\n").first?.hasPrefix("line 2, room:") == true)
            #expect(
                await problems("address,grid_code\n文三路1号,330106001001001\n").first?.hasPrefix("line 1, use:") == true)
            let community = Caller(actor: "s", role: .station, scope: .region(try RegionCode("330106001002")))
            #expect(
                await problems(header + "文三路1号,,,,330106001001001,自住\n", by: community)
                    == ["line 2, grid_code: grid 330106001001001 is outside your scope"])
            let units = "单位名称,统一社会信用代码,网格编码,联系电话\n"
            #expect(
                await problems(units + "某公司,91350100M000100Y44,330106001001001,\n", units: true).first?.hasPrefix(
                    "line 2, credit_code:") == true)
            #expect(
                await problems(units + "\"某公司,杭州\",91350100M000100Y43,330106001001001,12\n", units: true).first?
                    .hasPrefix("line 2, contact_phone:") == true)
            // Nobody moves a person, a house or an organisation out of a grid outside their scope.
            _ = try await test.store.importPeople(utf8OrGBK: P.gbkFile, source: "p.csv", by: P.admin)
            let moving = "姓名,公民身份号码,网格编码\n张三,\(P.zhang),330106001002001\n"
            do {
                _ = try await test.store.importPeople(utf8OrGBK: Array(moving.utf8), source: "m.csv", by: community)
                Issue.record("a person was moved from another community")
            } catch let problems as ImportProblems {
                #expect(
                    problems.problems.first?.description.hasPrefix("line 2, id_number: this person is registered")
                        == true)
            }
            #expect(
                try await test.store.scoped(to: S.county).person(identityNumber: P.zhang)?.grid.digits
                    == "330106001001001")
            #expect(try await test.store.scoped(to: S.county).houses(inGrid: try RegionCode("330106001001001")).isEmpty)
            #expect(
                try await test.store.scoped(to: S.county).organisations(inGrid: try RegionCode("330106001001001"))
                    .isEmpty)
        }
    }

    @Test(
        "organisations are known by credit code: a quoted name with a comma loads, a re-import merges, the phone is masked",
        arguments: Backend.available)
    func organisations(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            let file = """
                单位名称,统一社会信用代码,单位类型,地址,网格编码,联系电话,单位标识
                "西湖便利店,文三路店",91350100M000100Y43,个体工商户,文三路1号,330106001001001,13812345678,九小场所

                """
            let (summary, problems) = try await test.store.importOrganisations(
                Array(file.utf8), source: "u.csv", by: P.admin)
            #expect(problems.isEmpty && summary.inserted == 1)
            let again = "name,credit_code,grid_code,contact_phone\n西湖便利店,91350100M000100Y43,330106001001001,\n"
            let merged = try await test.store.importOrganisations(Array(again.utf8), source: "u2.csv", by: P.admin)
            #expect(merged.summary.merged == 1)
            let grid = try RegionCode("330106001001001")
            let units = try await test.store.scoped(to: S.county).organisations(inGrid: grid)
            #expect(
                units.count == 1 && units[0].name == "西湖便利店" && units[0].maskedPhone == "138****5678"
                    && units[0].flags == ["九小场所"] && units[0].type == "个体工商户")
        }
    }
}

/// `gridgov protection rekey`: every sealed value and blind index moves to a new key in one
/// transaction; afterwards the new key alone finds and opens everything.
@Suite("Store contract: protection rekey")
struct RekeyTests {
    typealias S = CaseStoreTests
    typealias P = PeopleStoreTests

    @Test(
        "after a rekey the new key alone finds people by identity number and opens them", arguments: Backend.available)
    func rekey(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await test.withDemo()
            P.protect(test)
            _ = try await test.store.importPeople(utf8OrGBK: P.gbkFile, source: "p.csv", by: P.admin)
            _ = try await test.store.importHouses(Array(HouseStoreTests.houses.utf8), source: "h.csv", by: P.admin)
            let newKey = try ProtectedFields.Key(id: "k9", secret: Array(repeating: 11, count: 32))
            await #expect(throws: StoreError.self) {
                try await test.store.rekey(to: ProtectedFields(current: newKey), by: S.county)
            }
            let summary = try await test.store.rekey(to: ProtectedFields(current: newKey), by: P.admin)
            #expect(summary.people == 2 && summary.houses == 1 && summary.organisations == 0)
            // Another store on the same data with only the new key: found and revealed.
            try await test.withStoreBeside { beside in
                beside.useProtection(ProtectedFields(current: newKey))
                let zhang = try #require(try await beside.scoped(to: S.county).person(identityNumber: P.zhang))
                let revealed = try await beside.scoped(to: S.county).reveal(
                    person: zhang.id, county: "330106", reason: "核实身份")
                #expect(revealed.identity == P.zhang && revealed.phone == "13900001111")
                #expect(try await beside.scoped(to: S.county).people(phone: "13900001111").count == 1)
            }
        }
    }
}
