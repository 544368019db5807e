import Testing
import TestSupport
@testable import GrantFormats

/// The splitter's check of a field's bytes (`TextProblem.of`, UTF-8 decoded byte by byte)
/// against the reading it stands for: Swift's own UTF-8 validation, then the first control
/// character, then the first bidirectional control, as strings find them.
@Suite("Text problems found in bytes, as strings find them")
struct TextProblemTests {
    /// The reference: the field's bytes read as a string.
    static func reference(_ bytes: [UInt8]) -> String {
        if let control = bytes.first(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) { return "control \(control)" }
        guard let text = String(validating: bytes, as: UTF8.self) else { return "not UTF-8" }
        if let control = text.firstControlCharacter(allowing: [0x09, 0x0A, 0x0D]) { return "control character \(control.value)" }
        return text.firstBidiControl.map { "bidi \($0.value)" } ?? "text"
    }

    static func found(_ bytes: [UInt8]) -> String {
        switch bytes.withUnsafeBufferPointer(TextProblem.of) {
        case .control(let byte)?: "control \(byte)"
        case .notUTF8?: "not UTF-8"
        case .controlCharacter(let scalar)?: "control character \(scalar.value)"
        case .bidiControl(let scalar)?: "bidi \(scalar.value)"
        case nil: "text"
        }
    }

    @Test("examples: letters, a C1 control, DEL, each bidirectional control, overlong forms, surrogates, cut sequences",
          arguments: ["Rēzekne", "Ežerų kraštas", "\u{85}x", "a\u{7F}", "\u{202E}abc", "x\u{061C}", "\u{2066}", "€ 😀"]
              .map { Array($0.utf8) }
              + [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xC3], [0x80],
                 [0xF8, 0x88, 0x80, 0x80, 0x80], [0x61, 0x09, 0x0A, 0x0D, 0x62]])
    func examples(_ bytes: [UInt8]) {
        #expect(Self.found(bytes) == Self.reference(bytes))
    }

    @Test("50,000 random fields of bytes likely to be near a boundary: the same verdict as the strings'")
    func random() {
        var random = SeededGenerator(seed: 11)
        let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0x85, 0x8E, 0x9F, 0xA0, 0xA6,
                                    0xAA, 0xAE, 0xBF,
                                    0xC0, 0xC1, 0xC2, 0xC5, 0xD8, 0x9C, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        for _ in 0..<50_000 {
            let bytes = (0..<Int.random(in: 1...6, using: &random)).map { _ in interesting.randomElement(using: &random)! }
            #expect(Self.found(bytes) == Self.reference(bytes), "\(bytes)")
        }
    }
}
