import GrantCore

/// A block's expenditure entries read on a second thread for the audit (`OrderedWorker`), while
/// the audit's thread takes the block before: each entry as `PlainExpenditureReading` reads it,
/// its texts copied into the decoded block's own memory, so the audit's thread only makes audit
/// lines of them. When any entry does not read plainly, or the block is damaged, `isPlain` is
/// false and the audit reads that block itself, the long way (which names what is wrong).
final class DecodedBlock {
    let block: StoredBlock
    private(set) var isPlain = true
    /// Each entry with its texts as places in `texts`.
    private var lines: [PlainExpenditureOf<Range<Int>>] = []
    private let texts = ByteBuffer(capacity: 1 << 16)

    /// `block` read through `reading`, which keeps its currency and rate from block to block.
    init(_ block: StoredBlock, reading: inout PlainExpenditureReading) {
        self.block = block
        lines.reserveCapacity(block.storedCount)
        block.read { (_, reader) in
            guard isPlain else { return }
            guard let reader, let line = reading.line(reader), line.isConsistent else { return isPlain = false }
            lines.append(line.withTexts(kept))
        }
    }

    var count: Int { lines.count }

    /// Entry `index` of the block, its texts valid while this decoded block lives.
    func line(_ index: Int) -> PlainExpenditure {
        lines[index].withTexts(bytes)
    }

    private func kept(_ text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = texts.count
        texts.append(text)
        return start..<texts.count
    }

    private func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: texts.bytes[range])
    }
}

/// Decodes blocks one after another on the worker's thread, keeping what `PlainExpenditureReading` keeps.
final class BlockDecoder {
    private var reading = PlainExpenditureReading()

    func decode(_ block: StoredBlock) -> DecodedBlock { DecodedBlock(block, reading: &reading) }
}
