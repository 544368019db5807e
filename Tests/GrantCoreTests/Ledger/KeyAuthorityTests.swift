import Testing
@testable import GrantCore

@Suite("What each role may record")
struct KeyAuthorityTests {
    static let actions: [KeyAuthority.Action] = [
        .importExpenditure(partner: "LP"), .importExpenditure(partner: "PP2"), .importExpenditure(partner: nil),
        .reverse(partner: "LP"), .reverse(partner: "PP2"), .certify(partner: "LP"), .certify(partner: "PP2"),
        .recordPayment, .closePeriod, .manageKeys, .loadProject,
    ]

    @Test("the role matrix: each role records what it does, for its partner, and nothing else")
    func matrix() {
        let expected: [(KeyAuthority, [Bool])] = [
            (.owner, [true, true, true, true, true, true, true, true, true, true, true]),
            (KeyAuthority(role: .programme, partnerID: nil), [false, false, false, false, false, false, false, true, true, true, false]),
            (KeyAuthority(role: .partner, partnerID: "LP"), [true, false, true, true, false, false, false, false, false, false, false]),
            (KeyAuthority(role: .controller, partnerID: nil), [false, false, false, false, false, true, true, false, false, false, false]),
            (KeyAuthority(role: .controller, partnerID: "PP2"),
             [false, false, false, false, false, false, true, false, false, false, false]),
            (KeyAuthority(role: .leadPartner, partnerID: nil), Array(repeating: false, count: 11)),
            (KeyAuthority(role: .auditor, partnerID: nil), Array(repeating: false, count: 11)),
        ]
        for (authority, allowed) in expected {
            #expect(Self.actions.map { authority.refusal($0) == nil } == allowed, "\(authority)")
        }
    }

    @Test("a refusal says who may not do what, and what the role does")
    func sentences() {
        #expect(KeyAuthority(role: .partner, partnerID: "LP").refusal(.importExpenditure(partner: "PP2"))
            == "a partner key for LP may not import expenditure of PP2; it imports and reverses its partner's expenditure "
                + "and opens and submits its partner reports")
        #expect(KeyAuthority(role: .auditor, partnerID: nil).refusal(.certify(partner: "LP"))
            == "an auditor key may not certify expenditure of LP; it reads and verifies")
    }
}
