/// A TrueType font read from its bytes: the glyph for each character (the Windows Unicode
/// `cmap`, format 4), each glyph's advance width (`hmtx`), the metrics a PDF font descriptor
/// states, and a subset holding only the glyphs a document uses (renumbered from 1, composite
/// glyphs' parts included), for embedding. Only what the fonts the project ships need is read.
struct TrueTypeFont: Sendable {
    private let bytes: [UInt8]
    private let tables: [String: Range<Int>]
    let unitsPerEm: Int
    /// xMin, yMin, xMax, yMax in font units.
    let boundingBox: [Int]
    let ascender: Int
    let descender: Int
    let capHeight: Int
    private let advances: [Int]
    private let leftBearings: [Int]
    private let glyphRanges: [Range<Int>]
    private let glyphs: [UInt32: UInt16]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var tables: [String: Range<Int>] = [:]
        let count = Self.u16(bytes, 4)
        for index in 0..<count {
            let record = 12 + 16 * index
            let tag = String(decoding: bytes[record..<(record + 4)], as: UTF8.self)
            let offset = Self.u32(bytes, record + 8)
            tables[tag] = offset..<(offset + Self.u32(bytes, record + 12))
        }
        for required in ["head", "hhea", "maxp", "hmtx", "loca", "glyf"] {
            precondition(tables[required] != nil, "The embedded font has a \(required) table")
        }
        self.tables = tables
        let head = tables["head"]!.lowerBound
        unitsPerEm = Self.u16(bytes, head + 18)
        boundingBox = [36, 38, 40, 42].map { Self.i16(bytes, head + $0) }
        let hhea = tables["hhea"]!.lowerBound
        ascender = Self.i16(bytes, hhea + 4)
        descender = Self.i16(bytes, hhea + 6)
        capHeight = tables["OS/2"].map { Self.i16(bytes, $0.lowerBound + 88) } ?? ascender
        let glyphCount = Self.u16(bytes, tables["maxp"]!.lowerBound + 4)
        let metrics = Self.u16(bytes, hhea + 34)
        let hmtx = tables["hmtx"]!.lowerBound
        advances = (0..<glyphCount).map { Self.u16(bytes, hmtx + 4 * min($0, metrics - 1)) }
        leftBearings = (0..<glyphCount).map { glyph in
            glyph < metrics ? Self.i16(bytes, hmtx + 4 * glyph + 2) : Self.i16(bytes, hmtx + 4 * metrics + 2 * (glyph - metrics))
        }
        let long = Self.i16(bytes, head + 50) == 1
        let loca = tables["loca"]!.lowerBound
        let glyf = tables["glyf"]!.lowerBound
        let offsets = (0...glyphCount).map { long ? Self.u32(bytes, loca + 4 * $0) : 2 * Self.u16(bytes, loca + 2 * $0) }
        glyphRanges = (0..<glyphCount).map { (glyf + offsets[$0])..<(glyf + offsets[$0 + 1]) }
        // A subset made for a PDF has no cmap: the page text names glyphs by number.
        glyphs = tables["cmap"].map { Self.unicodeGlyphs(bytes, cmap: $0.lowerBound) } ?? [:]
    }

    /// The glyph that draws `scalar`, or nil when the font has none.
    func glyph(_ scalar: Unicode.Scalar) -> UInt16? { glyphs[scalar.value] }

    /// A glyph's advance in thousandths of the font size, rounded half-up: what a PDF's /W
    /// array states and what lines are measured by, so both agree to the unit.
    func width(_ glyph: UInt16) -> Int { (advances[Int(glyph)] * 1000 + unitsPerEm / 2) / unitsPerEm }

    /// Font units as thousandths of the font size.
    func thousandths(_ units: Int) -> Int { (units * 1000).dividedRoundingHalfUp(by: unitsPerEm) }

    /// A font holding `used` glyphs (and the parts of composite ones) as glyphs 1, 2, … in the
    /// order given, glyph 0 (.notdef) kept: its bytes, and each used glyph's new number.
    func subset(_ used: [UInt16]) -> (bytes: [UInt8], numbers: [UInt16: UInt16]) {
        var order: [UInt16] = [0]
        var numbers: [UInt16: UInt16] = [0: 0]
        var pending = used
        while let glyph = pending.first {
            pending.removeFirst()
            guard numbers[glyph] == nil else { continue }
            numbers[glyph] = UInt16(order.count)
            order.append(glyph)
            pending += components(of: glyph)
        }
        var glyf: [UInt8] = []
        var loca: [UInt8] = []
        var hmtx: [UInt8] = []
        for glyph in order {
            Self.put32(UInt32(glyf.count), into: &loca)
            glyf += outline(of: glyph, renumbered: numbers)
            while glyf.count % 4 != 0 { glyf.append(0) }
            Self.put16(advances[Int(glyph)], into: &hmtx)
            Self.put16(leftBearings[Int(glyph)] & 0xFFFF, into: &hmtx)
        }
        Self.put32(UInt32(glyf.count), into: &loca)
        var head = Array(bytes[tables["head"]!])
        Self.patch16(1, in: &head, at: 50)  // long loca offsets
        Self.patch32(0, in: &head, at: 8)   // checkSumAdjustment, set below
        var hhea = Array(bytes[tables["hhea"]!])
        Self.patch16(order.count, in: &hhea, at: 34)
        var maxp = Array(bytes[tables["maxp"]!])
        Self.patch16(order.count, in: &maxp, at: 4)
        var font = Self.assemble(["glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx, "loca": loca, "maxp": maxp])
        let headOffset = Self.u32(font, 12 + 16 * 1 + 8)  // "head" is the second table in tag order.
        Self.patch32(0xB1B0_AFBA &- Self.checksum(font), in: &font, at: headOffset + 8)
        return (font, numbers)
    }

    /// The glyphs a composite glyph is made of.
    private func components(of glyph: UInt16) -> [UInt16] {
        var parts: [UInt16] = []
        forEachComponent(of: glyph) { _, part in parts.append(part) }
        return parts
    }

    /// The glyph's outline bytes, a composite's parts renumbered.
    private func outline(of glyph: UInt16, renumbered numbers: [UInt16: UInt16]) -> [UInt8] {
        let range = glyphRanges[Int(glyph)]
        var outline = Array(bytes[range])
        forEachComponent(of: glyph) { offset, part in Self.patch16(Int(numbers[part]!), in: &outline, at: offset - range.lowerBound) }
        return outline
    }

    /// Calls `body` with the offset of each component's glyph number in a composite glyph, and the number.
    private func forEachComponent(of glyph: UInt16, _ body: (Int, UInt16) -> Void) {
        let range = glyphRanges[Int(glyph)]
        guard range.count >= 10, Self.i16(bytes, range.lowerBound) < 0 else { return }
        var offset = range.lowerBound + 10
        while true {
            let flags = Self.u16(bytes, offset)
            body(offset + 2, UInt16(Self.u16(bytes, offset + 2)))
            offset += 4 + (flags & 0x1 != 0 ? 4 : 2)
            if flags & 0x8 != 0 { offset += 2 } else if flags & 0x40 != 0 { offset += 4 } else if flags & 0x80 != 0 { offset += 8 }
            guard flags & 0x20 != 0 else { return }
        }
    }

    /// The Windows Unicode (3, 1) format 4 subtable: each character's glyph.
    private static func unicodeGlyphs(_ bytes: [UInt8], cmap: Int) -> [UInt32: UInt16] {
        var table: Int?
        for index in 0..<u16(bytes, cmap + 2) {
            let record = cmap + 4 + 8 * index
            if u16(bytes, record) == 3, u16(bytes, record + 2) == 1 { table = cmap + u32(bytes, record + 4) }
        }
        guard let start = table, u16(bytes, start) == 4 else { preconditionFailure("The embedded font has a Unicode cmap of format 4") }
        let segments = u16(bytes, start + 6) / 2
        let ends = start + 14
        let starts = ends + 2 * segments + 2
        let deltas = starts + 2 * segments
        let rangeOffsets = deltas + 2 * segments
        var glyphs: [UInt32: UInt16] = [:]
        for segment in 0..<segments {
            let first = u16(bytes, starts + 2 * segment)
            let last = u16(bytes, ends + 2 * segment)
            guard first != 0xFFFF else { continue }
            let delta = u16(bytes, deltas + 2 * segment)
            let rangeOffset = u16(bytes, rangeOffsets + 2 * segment)
            for code in first...last {
                var glyph: Int
                if rangeOffset == 0 {
                    glyph = (code + delta) & 0xFFFF
                } else {
                    glyph = u16(bytes, rangeOffsets + 2 * segment + rangeOffset + 2 * (code - first))
                    if glyph != 0 { glyph = (glyph + delta) & 0xFFFF }
                }
                if glyph != 0 { glyphs[UInt32(code)] = UInt16(glyph) }
            }
        }
        return glyphs
    }

    /// A font file of `tables`: the table directory in tag order, each table 4-byte aligned.
    private static func assemble(_ tables: [String: [UInt8]]) -> [UInt8] {
        let tags = tables.keys.sorted()
        var font: [UInt8] = []
        put32(0x0001_0000, into: &font)
        var power = 1
        var exponent = 0
        while power * 2 <= tags.count { power *= 2; exponent += 1 }
        for value in [tags.count, power * 16, exponent, tags.count * 16 - power * 16] { put16(value, into: &font) }
        var offset = 12 + 16 * tags.count
        var body: [UInt8] = []
        for tag in tags {
            let table = tables[tag]!
            font += Array(tag.utf8)
            put32(checksum(table), into: &font)
            put32(UInt32(offset), into: &font)
            put32(UInt32(table.count), into: &font)
            body += table
            while body.count % 4 != 0 { body.append(0) }
            offset = 12 + 16 * tags.count + body.count
        }
        return font + body
    }

    private static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        var index = 0
        while index < bytes.count {
            var word: UInt32 = 0
            for byte in 0..<4 { word = word << 8 | UInt32(index + byte < bytes.count ? bytes[index + byte] : 0) }
            sum &+= word
            index += 4
        }
        return sum
    }

    private static func u16(_ bytes: [UInt8], _ offset: Int) -> Int { Int(bytes[offset]) << 8 | Int(bytes[offset + 1]) }
    private static func i16(_ bytes: [UInt8], _ offset: Int) -> Int { Int(Int16(bitPattern: UInt16(u16(bytes, offset)))) }
    private static func u32(_ bytes: [UInt8], _ offset: Int) -> Int { u16(bytes, offset) << 16 | u16(bytes, offset + 2) }
    private static func put16(_ value: Int, into bytes: inout [UInt8]) { bytes += [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    private static func put32(_ value: UInt32, into bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
    private static func patch16(_ value: Int, in bytes: inout [UInt8], at offset: Int) {
        bytes[offset] = UInt8(value >> 8 & 0xFF)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }
    private static func patch32(_ value: UInt32, in bytes: inout [UInt8], at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(value >> (24 - 8 * index) & 0xFF) }
    }
}

private extension Int {
    /// `self / divisor`, rounded half away from zero.
    func dividedRoundingHalfUp(by divisor: Int) -> Int {
        self >= 0 ? (self + divisor / 2) / divisor : -((-self + divisor / 2) / divisor)
    }
}
