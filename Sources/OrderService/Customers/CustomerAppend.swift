import Hashing
import OrderDomain
import OrderProjections
import PersonalDataProtection

/// Everything one customer command writes, which the store commits in one transaction or not at all:
/// the event (its personal fields already sealed), the command record, the contacts row, and for a
/// registration the customer's new key.
public struct CustomerAppend: Sendable {
    /// The stream.
    public let customerID: CustomerID
    /// The version the decision was made on; the append fails if the stream has moved (0 = new stream),
    /// or if the customer was forgotten meanwhile.
    public let expectedVersion: Int
    /// The new event in its stored shape, at version `expectedVersion + 1`.
    public let event: ChainedEvent
    /// Its link in the stream's hash chain.
    public let hash: SHA256Digest
    /// The key the event is sealed under, when this append creates it (a registration); nil otherwise.
    public let newKey: CustomerKey?
    /// The idempotency record.
    public let command: CommandRecord
    /// The contacts read model after the event (inline projection).
    public let view: ContactView

    /// Creates an append.
    public init(
        customerID: CustomerID, expectedVersion: Int, event: ChainedEvent, hash: SHA256Digest, newKey: CustomerKey?, command: CommandRecord,
        view: ContactView
    ) {
        self.customerID = customerID
        self.expectedVersion = expectedVersion
        self.event = event
        self.hash = hash
        self.newKey = newKey
        self.command = command
        self.view = view
    }
}
