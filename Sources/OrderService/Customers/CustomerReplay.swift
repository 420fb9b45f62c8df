import OrderDomain
import OrderProjections
import PersonalDataProtection

/// Time travel over one customer's stream: its events in version order, each with its personal fields
/// opened (or shown as forgotten) and the contact after it, stopping at a version or a moment. Pure:
/// the store supplies the stored lines and the key, which is nil once the customer was forgotten.
public struct CustomerReplay {
    private let toVersion: Int?
    private let asOf: Timestamp?
    private var head: CustomerStreamHead
    private var ended = false

    /// A replay that opens fields with `key` and stops after `toVersion` and after the last event at or
    /// before `asOf`.
    public init(key: CustomerKey?, toVersion: Int? = nil, asOf: Timestamp? = nil) {
        self.toVersion = toVersion
        self.asOf = asOf
        self.head = CustomerStreamHead(version: 0, hash: EventChain.genesis, lastOccurredAt: nil, state: .initial, view: nil, key: key)
    }

    /// The step of the stream's next line, or nil once the replay is past its end (and for every later line).
    public mutating func step(_ line: FeedLine) throws(EventDecodingError) -> CustomerReplayStep? {
        if let toVersion, line.event.version > toVersion { ended = true }
        if let asOf, line.event.occurredAt > asOf { ended = true }
        guard !ended else { return nil }
        let stored = line.event
        let disclosed = try CustomerEventCodec.disclosedPayload(stored.encoded, eventID: stored.eventID, key: head.key)
        head = try head.after(line)
        let shown = ChainedEvent(
            orderID: stored.orderID, version: stored.version, eventID: stored.eventID, type: stored.type, schemaVersion: stored.schemaVersion,
            payload: disclosed, metadata: stored.metadata, occurredAt: stored.occurredAt
        )
        return CustomerReplayStep(line: FeedLine(position: line.position, event: shown, hash: line.hash), view: head.view)
    }
}
