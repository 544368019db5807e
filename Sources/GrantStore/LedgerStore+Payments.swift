import GrantCore

extension LedgerStore {
    /// Records programme funds received for a partner of `projectCode`.
    @discardableResult
    public func recordPayment(_ payment: PaymentReceived, projectCode: String, author: String, recordedAt: String) throws(StoreError) -> LedgerEntry {
        try database.writeTransaction("record a payment") { () throws(StoreError) in
            let grant = try grant(projectCode)
            guard grant.partner(payment.partnerID) != nil else {
                throw .refused("\(projectCode) has no partner \(payment.partnerID); its partners are \(grant.partners.map(\.id).joined(separator: ", "))")
            }
            guard payment.amount.minorUnits > 0 else { throw .refused("a payment received is above zero") }
            let appender = try ChainAppender(store: self, projectCode: projectCode, author: author, recordedAt: recordedAt)
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
