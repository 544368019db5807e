import GrantCore

/// Which entries of a block give their stored hashes from their bytes (each chained to the
/// stored hash before it) and carry their stored invoice keys: what `verify` checks of each
/// entry's bytes alone. It needs nothing of the entries before the block, so one block is
/// checked on a second thread while the walk goes through the one before (`OrderedWorker`).
final class BlockHashCheck {
    private let encoding = ByteBuffer(capacity: 1024)
    private var invoiceKeys = InvoiceKeys()

    /// By place in `block`: whether the entry there is intact in its bytes.
    func intact(_ block: StoredBlock) -> [Bool] {
        var intact: [Bool] = []
        intact.reserveCapacity(block.storedCount)
        block.read { (index, reader) in
            guard let reader, index < block.storedCount else { return intact.append(false) }
            if index == 0 { reader.canonicalEncoding(previous: block.previousHash, into: encoding) }
            else { reader.canonicalEncoding(previous: block.storedHash(index - 1), into: encoding) }
            let hashHolds = block.storesHash(SHA256.hash(encoding.bytes), at: index)
            let keyHolds = block.invoiceKey(index).map { key in
                guard let supplier = reader.text(11), let number = reader.text(10) else { return false }
                return key == invoiceKeys.key(supplier: supplier, number: number)
            } ?? true
            intact.append(hashHolds && keyHolds)
        }
        return intact
    }
}
