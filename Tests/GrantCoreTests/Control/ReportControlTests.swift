import Testing
@testable import GrantCore

@Suite("A partner report's figures after control")
struct ReportControlTests {
    func euros(_ minorUnits: Int64) -> Money { Money(unchecked: minorUnits, currency: .euro) }

    let office = FlatRate(id: "office-15-of-staff", category: "office", rate: .percent(15), base: .categories(["staff"]),
                          rounding: .down, citation: "Reg. (EU) 2021/1060 Art. 54(b)")

    /// Declared, certified, deducted and parked, in cents.
    func figures(_ row: ReportControl.Row) -> [Int64] {
        [row.declared, row.certified, row.deducted, row.parked].map(\.minorUnits)
    }

    func line(_ entry: Int64, _ category: String, _ cents: Int64) -> ReportControl.Line {
        ReportControl.Line(entry: entry, categoryID: category, declared: euros(cents))
    }

    @Test("by hand: a deduction and a parked line in the staff base; office recomputed, its rounding difference deducted")
    func byHand() throws {
        let lines = [line(1, "staff", 100_000), line(2, "staff", 33_333), line(3, "staff", 50_000),
                     line(4, "travel", 25_000), line(5, "travel", 12_000), line(6, "office", 27_500)]
        let controls: [Int64: LineControl] = [
            2: .deducted(amount: euros(10_000), reason: .noSupportingDocument, note: "no timesheet for March"),
            3: .parked(note: "contract awaited"),
            4: .deducted(amount: euros(25_000), reason: .notProjectRelated, note: ""),
        ]
        let control = try ReportControl(lines: lines, controls: controls, flatRates: [office],
                                        categoryIDs: ["staff", "office", "travel"])
        #expect(control.rows.map(\.categoryID) == ["staff", "office", "travel"])
        let staff = control.rows[0], flat = control.rows[1], travel = control.rows[2]
        #expect(figures(staff) == [183_333, 123_333, 10_000, 50_000])
        #expect(figures(travel) == [37_000, 12_000, 25_000, 0])
        // 15% of 1,233.33 = 184.9995 → 184.99 certified; 15% of 500.00 parked with its base; 275.00 − 184.99 − 75.00
        // = 15.01 deducted: 15.00 for the staff deduction and the partner's 0.01 of rounding up.
        let recomputed = try #require(control.flatRates.first)
        #expect(recomputed.certifiedBase == euros(123_333))
        #expect(recomputed.parkedBase == euros(50_000))
        #expect(figures(flat) == [27_500, 18_499, 1_501, 7_500])
        let total = control.total
        #expect(figures(total) == [247_833, 153_832, 36_501, 57_500])
    }

    @Test("a flat rate declared below its rate of the base is certified as declared, never raised")
    func neverRaised() throws {
        let control = try ReportControl(lines: [line(1, "staff", 100_000), line(2, "office", 10_000)], controls: [:],
                                        flatRates: [office], categoryIDs: ["staff", "office"])
        #expect(control.flatRates.first?.certified == euros(10_000))
        #expect(control.flatRates.first?.deducted == euros(0))
        #expect(control.total.certified == euros(110_000))
    }

    @Test("a deduction beyond the line's amount takes the line, no more")
    func deductionCapped() throws {
        let control = try ReportControl(lines: [line(1, "travel", 5_000)],
                                        controls: [1: .deducted(amount: euros(9_000), reason: .other, note: "")],
                                        flatRates: [], categoryIDs: ["travel"])
        #expect(control.total.deducted == euros(5_000))
        #expect(control.total.certified == euros(0))
    }
}
