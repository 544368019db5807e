import GrantCore
import GrantKeys

extension LedgerStore {
    /// Records programme funds received for a partner of `projectCode`. The same payment (partner,
    /// day, amount and note) recorded before is refused unless `again`: a command rerun after it
    /// was killed past its commit must not record the money twice.
    @discardableResult
    public func recordPayment(_ payment: PaymentReceived, projectCode: String, by authorship: Authorship,
                              again: Bool = false) throws(StoreError) -> LedgerEntry {
        try appending(projectCode: projectCode, by: authorship, "record a payment") { (appender) throws(StoreError) in
            let grant = try grant(projectCode)
            guard grant.partner(payment.partnerID) != nil else {
                throw .refused("\(projectCode) has no partner \(payment.partnerID); its partners are \(grant.partners.map(\.id).joined(separator: ", "))")
            }
            guard payment.amount.minorUnits > 0 else { throw .refused("a payment received is above zero") }
            if !again, let earlier = try entries("WHERE kind = 'payment' "
                + "AND project = ?", [.text(projectCode)]).first(where: { $0.body == .paymentReceived(payment) }) {
                throw .refused("this payment (\(AmountFormat.en.format(payment.amount)) EUR for \(payment.partnerID) "
                    + "on \(payment.date)\(payment.note.isEmpty ? "" : ", \"\(payment.note)\"")) is already recorded "
                    + "as entry \(earlier.sequence) by \(earlier.author) at \(earlier.recordedAt); nothing was "
                    + "recorded. To record a second payment of the same amount on the same day, give it its own --note, or --again")
            }
            return try appender.append(.paymentReceived(payment))
        }
    }

    /// The payments received for `projectCode`, in ledger order.
    public func payments(_ projectCode: String) throws(StoreError) -> [PaymentReceived] {
        try entries("WHERE kind = 'payment' AND project = ?", [.text(projectCode)]).compactMap { entry in
            if case .paymentReceived(let payment) = entry.body { return payment }
            return nil
        }
    }
}
