import Testing
@testable import GrantCore

@Suite("Rounding modes")
struct RoundingModeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let numerator: Int128
        let denominator: Int128
        let mode: RoundingMode
        let expected: Int128
        var testDescription: String { "\(numerator)/\(denominator) \(mode.rawValue) = \(expected)" }
    }

    static let cases: [Case] = [
        // 2.5 and -2.5: the ties.
        Case(numerator: 5, denominator: 2, mode: .halfUp, expected: 3),
        Case(numerator: -5, denominator: 2, mode: .halfUp, expected: -3),
        Case(numerator: 5, denominator: 2, mode: .halfEven, expected: 2),
        Case(numerator: 7, denominator: 2, mode: .halfEven, expected: 4),
        Case(numerator: -5, denominator: 2, mode: .halfEven, expected: -2),
        Case(numerator: 5, denominator: 2, mode: .down, expected: 2),
        Case(numerator: -5, denominator: 2, mode: .down, expected: -2),
        Case(numerator: 5, denominator: 2, mode: .up, expected: 3),
        Case(numerator: -5, denominator: 2, mode: .up, expected: -3),
        Case(numerator: 5, denominator: 2, mode: .floor, expected: 2),
        Case(numerator: -5, denominator: 2, mode: .floor, expected: -3),
        Case(numerator: 5, denominator: 2, mode: .ceiling, expected: 3),
        Case(numerator: -5, denominator: 2, mode: .ceiling, expected: -2),
        // 2.9 and -2.1: not ties.
        Case(numerator: 29, denominator: 10, mode: .halfUp, expected: 3),
        Case(numerator: 29, denominator: 10, mode: .down, expected: 2),
        Case(numerator: -21, denominator: 10, mode: .halfEven, expected: -2),
        Case(numerator: -21, denominator: 10, mode: .floor, expected: -3),
        Case(numerator: -21, denominator: 10, mode: .up, expected: -3),
        Case(numerator: 21, denominator: -10, mode: .ceiling, expected: -2),
        // Exact divisions never move.
        Case(numerator: 12, denominator: 4, mode: .up, expected: 3),
        Case(numerator: -12, denominator: 4, mode: .floor, expected: -3),
    ]

    @Test("each mode rounds as its definition says", arguments: cases)
    func roundsAsDefined(_ example: Case) {
        #expect(example.mode.divide(example.numerator, by: example.denominator) == example.expected)
    }
}
