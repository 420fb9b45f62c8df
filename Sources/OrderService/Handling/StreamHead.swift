import Hashing
import OrderDomain
import OrderProjections

/// What deciding the next command on a stream needs from its past: the version, the last chain link,
/// the last event's time and the order as folded so far. Small enough to keep between commands, so a
/// handler that has seen a stream need not read it again while the stream's version has not moved.
public struct StreamHead: Sendable, Equatable {
    /// The stream's version (0 for a stream never written).
    public let version: Int
    /// The link of the event at `version` (`EventChain.genesis` for a new stream).
    public let hash: SHA256Digest
    /// When the event at `version` happened; a new event never happens earlier.
    public let lastOccurredAt: Timestamp?
    /// The order's read model at `version`; nil while the order is not placed.
    public let view: OrderView?
    /// Whether the stream is a customer's: then no order command may write to it (`wrong_stream_kind`).
    public let belongsToCustomer: Bool

    /// A head at a given point.
    public init(version: Int, hash: SHA256Digest, lastOccurredAt: Timestamp?, view: OrderView?) {
        self.version = version
        self.hash = hash
        self.lastOccurredAt = lastOccurredAt
        self.view = view
        self.belongsToCustomer = false
    }

    /// The head of a customer's stream as an order command sees it: only its version matters, since the
    /// command is refused before anything is folded or chained.
    public static func ofCustomerStream(version: Int) -> StreamHead {
        StreamHead(version: version, belongsToCustomer: true)
    }

    private init(version: Int, belongsToCustomer: Bool) {
        self.version = version
        self.hash = EventChain.genesis
        self.lastOccurredAt = nil
        self.view = nil
        self.belongsToCustomer = belongsToCustomer
    }

    /// The head of a stream never written.
    public static let empty = StreamHead(version: 0, hash: EventChain.genesis, lastOccurredAt: nil, view: nil)

    /// The head after a stream's events, in version order.
    public init(folding history: some Sequence<RecordedEvent>) {
        self = history.reduce(Self.empty) { head, recorded in head.after(recorded) }
    }

    /// The head after one more recorded event.
    public func after(_ recorded: RecordedEvent) -> StreamHead {
        StreamHead(version: recorded.version, hash: recorded.hash, lastOccurredAt: recorded.occurredAt, view: OrderView.evolve(view, with: recorded))
    }

    /// The head once an append is written.
    public func after(_ append: StreamAppend) -> StreamHead {
        guard let last = append.sealedEvents.last else { return self }
        return StreamHead(version: last.version, hash: last.hash, lastOccurredAt: last.pending.occurredAt, view: append.view)
    }

    /// The state the domain decides on.
    public var state: OrderState {
        view.map { OrderState.placed($0.order) } ?? .initial
    }
}
