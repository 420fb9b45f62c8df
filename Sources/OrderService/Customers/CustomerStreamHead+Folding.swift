import OrderDomain
import OrderProjections
import PersonalDataProtection

extension CustomerStreamHead {
    /// The head after a customer's stored events, in version order, opened with `key`. Without a key (the
    /// customer was forgotten, or the log was imported without its keys) the events cannot be read, and
    /// the customer folds to `.forgotten` from its first event on.
    public init(folding lines: some Sequence<FeedLine>, key: CustomerKey?) throws(EventDecodingError) {
        var head = CustomerStreamHead(version: 0, hash: EventChain.genesis, lastOccurredAt: nil, state: .initial, view: nil, key: key)
        for line in lines {
            head = try head.after(line)
        }
        self = head
    }

    /// The head after one more stored event of the stream.
    public func after(_ line: FeedLine) throws(EventDecodingError) -> CustomerStreamHead {
        let stored = line.event
        let newState: CustomerState
        if let key {
            newState = state.evolve(try CustomerEventCodec.decode(stored.encoded, eventID: stored.eventID, key: key))
        } else {
            newState = .forgotten
        }
        let customerID = CustomerID(stored.orderID.uuid)
        return CustomerStreamHead(
            version: stored.version, hash: line.hash, lastOccurredAt: stored.occurredAt, state: newState,
            view: ContactView.evolve(view, customerID: customerID, to: newState, version: stored.version, occurredAt: stored.occurredAt),
            key: key
        )
    }

    /// The head once an append is written: what the next command of the same batch decides on. An
    /// append always leaves the customer registered (a forgotten one gets none).
    public func after(_ append: CustomerAppend) -> CustomerStreamHead {
        CustomerStreamHead(
            version: append.event.version, hash: append.hash, lastOccurredAt: append.event.occurredAt,
            state: append.view.contact.map(CustomerState.registered) ?? .forgotten, view: append.view, key: key ?? append.newKey
        )
    }
}
