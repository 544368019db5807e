import Testing
@testable import GrantCore

@Suite("Partner reports replayed from their ledger entries")
struct PartnerReportBookTests {
    let partners: Set<String> = ["LP", "PP2"]
    let periods: Set<Int> = [1, 2, 3, 4]
    let terms = SamplingTerms(confidence: .ninetyFive, tolerable: .percent(2), seed: [UInt8](repeating: 7, count: 32))

    func event(_ step: PartnerReportStep, _ number: Int = 1, partner: String = "LP", period: Int = 1) -> PartnerReportEvent {
        PartnerReportEvent(partnerID: partner, number: number, periodNumber: period, step: step,
                           sampling: step == .startControl ? terms : nil, note: "")
    }

    @Test("a report taken from draft to certified keeps its steps, its first submission and its sample's terms")
    func life() {
        var book = PartnerReportBook()
        for (sequence, step) in [PartnerReportStep.open, .submit, .startControl, .reopenFull, .submit, .startControl, .certify]
            .enumerated() {
            #expect(book.apply(event(step), sequence: Int64(sequence + 10), partners: partners, periods: periods) == nil)
        }
        let report = book.report(partner: "LP", number: 1)
        #expect(report?.state == .certified)
        #expect(report?.firstSubmission == 11)
        #expect(report?.sampling?.sequence == 15)
        #expect(report?.steps.count == 7)
        #expect(book.nextNumber(partner: "LP") == 2)
        #expect(book.nextNumber(partner: "PP2") == 1)
    }

    @Test("a verdict waits while its control is open or was closed by a reopening; one in a certified control counts")
    func verdictsWait() {
        var book = PartnerReportBook()
        // Entries 10–16: open, submit, start (12), reopen (13), submit, start (15), certify (16); PP2's start at 20.
        for (sequence, step) in [PartnerReportStep.open, .submit, .startControl, .reopenFull, .submit, .startControl, .certify]
            .enumerated() {
            _ = book.apply(event(step), sequence: Int64(sequence + 10), partners: partners, periods: periods)
        }
        for (sequence, step) in [(18, PartnerReportStep.open), (19, .submit), (20, .startControl)] {
            _ = book.apply(event(step, partner: "PP2"), sequence: Int64(sequence), partners: partners, periods: periods)
        }
        #expect(book.verdictWaits(11, partnerID: "LP") == false, "before any control")
        #expect(book.verdictWaits(12, partnerID: "LP") == false, "the start itself is no verdict")
        #expect(book.verdictWaits(13, partnerID: "LP") == false)
        #expect(book.verdictWaits(15, partnerID: "LP") == false)
        #expect(book.verdictWaits(21, partnerID: "LP") == false, "after the certification")
        #expect(book.verdictWaits(21, partnerID: "PP2") == true, "PP2's control is open")
        #expect(book.verdictWaits(17, partnerID: "PP2") == false)
        var reopened = PartnerReportBook()
        for (sequence, step) in [PartnerReportStep.open, .submit, .startControl, .reopenLimited].enumerated() {
            _ = reopened.apply(event(step), sequence: Int64(sequence * 2 + 10), partners: partners, periods: periods)
        }
        #expect(reopened.verdictWaits(15, partnerID: "LP") == true, "given in a control closed by a reopening")
        #expect(reopened.verdictWaits(17, partnerID: "LP") == false)
    }

    @Test("numbers follow on per partner, one report per period, only periods and partners the project has")
    func opening() {
        var book = PartnerReportBook()
        #expect(book.apply(event(.open, 2), sequence: 5, partners: partners, periods: periods)
            == "partner report 2 of LP cannot be opened: the partner's next report is 1")
        #expect(book.apply(event(.open, 1, period: 9), sequence: 5, partners: partners, periods: periods)
            == "partner report 1 of LP cannot be opened for period 9, which the project does not have")
        #expect(book.apply(event(.open, 1, partner: "PP9"), sequence: 5, partners: partners, periods: periods)
            == "partner report 1 of PP9: the project has no partner PP9")
        #expect(book.apply(event(.open, 1), sequence: 5, partners: partners, periods: periods) == nil)
        #expect(book.apply(event(.open, 2), sequence: 6, partners: partners, periods: periods)
            == "partner report 2 of LP cannot be opened for period 1: report 1 covers it")
        #expect(book.apply(event(.open, 1, partner: "PP2"), sequence: 7, partners: partners, periods: periods) == nil)
        #expect(book.apply(event(.submit, 1, period: 2), sequence: 8, partners: partners, periods: periods)
            == "partner report 1 of LP covers period 1, not period 2")
        #expect(book.reports.map(\.state) == [.draft, .draft])
    }

    @Test("a step out of order is refused and changes nothing")
    func outOfOrder() {
        var book = PartnerReportBook()
        _ = book.apply(event(.open), sequence: 1, partners: partners, periods: periods)
        #expect(book.apply(event(.certify), sequence: 2, partners: partners, periods: periods)
            == "cannot certify partner report 1 of LP: it is draft, and this step is taken from in control")
        #expect(book.report(partner: "LP", number: 1)?.steps.count == 1)
    }

    @Test("each step's entry reads back as written, the sample's terms with the control's start")
    func roundTrip() throws {
        for step in PartnerReportStep.allCases {
            let body = LedgerEntryBody.partnerReport(PartnerReportEvent(partnerID: "PP2", number: 3, periodNumber: 2, step: step,
                                                                        sampling: step == .startControl ? terms : nil,
                                                                        note: "Kontrole \(step.rawValue)"))
            let entry = LedgerEntry(sequence: 42, projectCode: "LLI-59", body: body, author: "Anna", recordedAt: "2026-12-01T10:00:00Z",
                                    previousHash: LedgerEntry.genesisHash)
            #expect(try LedgerEntry(fields: entry.fields) == entry)
        }
        let start = LedgerEntry(sequence: 42, projectCode: "LLI-59", body: .partnerReport(event(.startControl)), author: "Anna",
                                recordedAt: "2026-12-01T10:00:00Z", previousHash: LedgerEntry.genesisHash).fields
        #expect(start[8] == .text("95"))
        #expect(start[18] == .text("2"))
        #expect(start[25] == .text(String(repeating: "07", count: 32)))
        var wrong = start
        wrong[18] = .text("2.0")
        #expect(throws: LedgerDecodingError(field: "exchange_rate", problem: "\"2.0\" is not a tolerable error")) {
            try LedgerEntry(fields: wrong)
        }
    }

    @Test("the partner opens and submits its own reports; its controller controls them; the programme reopens a certified one")
    func authority() {
        let partner = KeyAuthority(role: .partner, partnerID: "LP"), controller = KeyAuthority(role: .controller, partnerID: "LP")
        let programme = KeyAuthority(role: .programme, partnerID: nil)
        #expect(partner.refusal(.partnerReport(.submit, partner: "LP", from: .draft)) == nil)
        #expect(partner.refusal(.partnerReport(.submit, partner: "PP2", from: .draft))
            == "a partner key for LP may not submit a partner report of PP2; it imports and reverses its partner's expenditure "
                + "and opens and submits its partner reports")
        #expect(controller.refusal(.partnerReport(.startControl, partner: "LP", from: .submitted)) == nil)
        #expect(controller.refusal(.partnerReport(.certify, partner: "PP2", from: .inControl)) != nil)
        #expect(controller.refusal(.partnerReport(.reopenLimited, partner: "LP", from: .inControl)) == nil)
        #expect(controller.refusal(.partnerReport(.reopenLimited, partner: "LP", from: .certified)) != nil)
        #expect(programme.refusal(.partnerReport(.reopenFull, partner: "LP", from: .certified)) == nil)
        #expect(programme.refusal(.partnerReport(.certify, partner: "LP", from: .inControl)) != nil)
    }
}
