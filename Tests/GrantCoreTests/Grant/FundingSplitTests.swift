import GrantCore
import Testing
import TestSupport

@Suite("Funding split of certified amounts")
struct FundingSplitTests {
    typealias P = InlineProject

    @Test("a rate of 7/9 takes 70,000.07 of 90,000.09: the fraction is never cut to decimals")
    func sevenNinths() throws {
        let grant = P.grant([.init("LP", programme: "70000.00", public: "20000.00")])
        let split = try grant.fundingSplit(of: P.euros("90000.09"), for: grant.approvals[0], fundRounding: .down)
        #expect(split.programmeFunds == P.euros("70000.07"))
        #expect(split.contributions[.public] == P.euros("20000.02"))
    }

    @Test("a rate of 1/3 takes 10,000.01 of 30,000.03")
    func oneThird() throws {
        let grant = P.grant([.init("LP", programme: "10000.00", public: "20000.00")])
        let split = try grant.fundingSplit(of: P.euros("30000.03"), for: grant.approvals[0], fundRounding: .down)
        #expect(split.programmeFunds == P.euros("10000.01"))
        #expect(split.contributions[.public] == P.euros("20000.02"))
    }

    @Test("the contribution is the remainder, split over public and private by largest remainder")
    func contributionRemainder() throws {
        // 85% programme; 10% public, 5% private of 1,000.00. Certified 0.07: programme 0.05 (0.0595 down),
        // remainder 0.02 split 2:1 -> 0.0133 and 0.0067: public 0.01, private 0.01 (largest remainders).
        let grant = P.grant([.init("LP", programme: "850.00", public: "100.00", private: "50.00")])
        let split = try grant.fundingSplit(of: P.euros("0.07"), for: grant.approvals[0], fundRounding: .down)
        #expect(split.programmeFunds == P.euros("0.05"))
        #expect(split.contributions[.public] == P.euros("0.01"))
        #expect(split.contributions[.private] == P.euros("0.01"))
        #expect(split.unfinanced == P.euros("0.00"))
    }

    @Test("LLI-59's lead partner: 25,231.42 certified draws 21,446.70 programme funds")
    func lli59Lead() throws {
        let grant = try Repository.grant("lli-59-open-leadership")
        let lead = try #require(grant.approvals.first)
        let split = try grant.fundingSplit(of: P.euros("25231.42"), for: lead, fundRounding: .down)
        #expect(split.programmeFunds == P.euros("21446.70"))
        #expect(split.contributions[.public] == P.euros("3784.72"))
    }

    @Test("the programme rate shown is rounded half-up to hundredths of a percent, for display only")
    func displayedRate() throws {
        let grant = P.grant([.init("LP", programme: "70000.00", public: "20000.00")])
        let rate = try #require(try grant.programmeRate(of: grant.approvals[0]))
        #expect(rate.displayHundredthsOfPercent == 7_778)
        #expect(try rate.of(P.euros("90000.09"), rounding: .down) == P.euros("70000.07"))
    }
}
