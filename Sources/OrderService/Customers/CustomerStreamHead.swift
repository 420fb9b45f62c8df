import Hashing
import OrderDomain
import OrderProjections
import PersonalDataProtection

/// What deciding the next command on a customer's stream needs from its past: the version, the last
/// chain link, the last event's time, the customer as folded so far, and the key that seals the
/// customer's details (nil before registration, and once the customer was forgotten).
public struct CustomerStreamHead: Sendable {
    /// The stream's version (0 for a stream never written).
    public let version: Int
    /// The link of the event at `version` (`EventChain.genesis` for a new stream).
    public let hash: SHA256Digest
    /// When the event at `version` happened; a new event never happens earlier.
    public let lastOccurredAt: Timestamp?
    /// The customer folded so far: `.forgotten` whenever the key is gone, whatever the events said.
    public let state: CustomerState
    /// The contacts read model at `version`; nil while the customer is not registered.
    public let view: ContactView?
    /// The customer's key, while it exists.
    public let key: CustomerKey?
    /// Whether the stream is an order's: then no customer command may write to it (`wrong_stream_kind`).
    public let belongsToOrder: Bool

    /// A head at a given point of a customer's stream.
    public init(version: Int, hash: SHA256Digest, lastOccurredAt: Timestamp?, state: CustomerState, view: ContactView?, key: CustomerKey?) {
        self.version = version
        self.hash = hash
        self.lastOccurredAt = lastOccurredAt
        self.state = state
        self.view = view
        self.key = key
        self.belongsToOrder = false
    }

    /// The head of a stream never written.
    public static let empty = CustomerStreamHead(version: 0, hash: EventChain.genesis, lastOccurredAt: nil, state: .initial, view: nil, key: nil)

    /// The head of an order's stream as a customer command sees it: only its version matters, since the
    /// command is refused before anything is folded.
    public static func ofOrderStream(version: Int) -> CustomerStreamHead {
        CustomerStreamHead(version: version)
    }

    private init(version: Int) {
        self.version = version
        self.hash = EventChain.genesis
        self.lastOccurredAt = nil
        self.state = .initial
        self.view = nil
        self.key = nil
        self.belongsToOrder = true
    }
}
