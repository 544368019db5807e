/// Partner and category IDs as a ledger reader meets them in stored bytes, each known by its place
/// (in the order first met) and found again by comparing bytes with the few a project has: no
/// `String` made and nothing hashed per line. The one table by which the readers of stored blocks
/// (verify's walk, the audit of the ledger, an import's batch sums) turn an ID into a small number.
struct KnownIDs {
    private var spellings: [[UInt8]] = []
    /// Each ID as a `String`, made once; nil where its bytes are not valid UTF-8.
    private var texts: [String?] = []

    /// The ID's bytes at `place`.
    subscript(place: Int32) -> [UInt8] { spellings[Int(place)] }

    /// The ID at `place` as text; a place given for bytes that are not valid UTF-8 has none
    /// (`placeOfText` gives no such place).
    func text(_ place: Int32) -> String { texts[Int(place)] ?? String(decoding: spellings[Int(place)], as: UTF8.self) }

    /// The place of the ID spelled `id`, given one when it is new.
    mutating func place(of id: some Collection<UInt8>) -> Int32 {
        if let known = spellings.firstIndex(where: { $0.elementsEqual(id) }) { return Int32(known) }
        let bytes = Array(id)
        spellings.append(bytes)
        texts.append(String(validating: bytes, as: UTF8.self))
        return Int32(spellings.count - 1)
    }

    /// The place of the ID spelled `id`; nil when its bytes are not valid UTF-8, as a `String` made
    /// of them would not spell them.
    mutating func placeOfText(_ id: some Collection<UInt8>) -> Int32? {
        let place = place(of: id)
        return texts[Int(place)] == nil ? nil : place
    }
}
