import OrderDomain
import OrderProjections
import Synchronization

/// The event store's in-memory twin, for fast unit tests of the handler. Same rules as PostgreSQL's:
/// the version check, one record per command id, and all-or-nothing appends.
///
/// Customers' streams live in another store; ``markCustomerStream(_:version:)`` stands for one here, so
/// that tests can show what an order command meets on an id that is a customer's.
public final class InMemoryOrderEventStore: OrderEventStore, @unchecked Sendable {
    private let lock = Mutex(())
    private var streams: [OrderID: [RecordedEvent]] = [:]
    /// Ids marked as customers' streams, with their versions; they hold no order events.
    private var customerStreams: [OrderID: Int] = [:]
    private var commands: [CommandID: CommandRecord] = [:]
    private var views: [OrderID: OrderView] = [:]
    private var nextPosition: Int64 = 1

    /// An empty store.
    public init() {}

    public func events(in orderID: OrderID) throws -> [RecordedEvent] {
        lock.withLock { _ in streams[orderID] ?? [] }
    }

    public func command(_ commandID: CommandID) throws -> CommandRecord? {
        lock.withLock { _ in commands[commandID] }
    }

    public func view(of orderID: OrderID) throws -> OrderView? {
        lock.withLock { _ in views[orderID] }
    }

    public func append(_ append: StreamAppend) throws -> AppendOutcome {
        lock.withLock { _ in
            // A customer's stream never moves for an order append. PostgreSQL's order store leaves this
            // to the handler (`wrong_stream_kind`); the twin refuses outright, so a handler that tried
            // would meet a conflict, never a write.
            if let version = customerStreams[append.orderID] { return .versionConflict(actual: version) }
            let stream = streams[append.orderID] ?? []
            guard stream.count == append.expectedVersion else { return .versionConflict(actual: stream.count) }
            guard commands[append.command.commandID] == nil else { return .commandAlreadyRecorded }
            return .appended(write(append))
        }
    }

    public func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        lock.withLock { _ in
            // Check every append against the store as the ones before it would leave it, then write all or nothing.
            var versions: [OrderID: Int] = [:]
            var recordedCommands: Set<CommandID> = []
            for append in appends {
                guard customerStreams[append.orderID] == nil else { return .declined }
                let version = versions[append.orderID] ?? streams[append.orderID]?.count ?? 0
                guard version == append.expectedVersion, commands[append.command.commandID] == nil,
                      recordedCommands.insert(append.command.commandID).inserted
                else { return .declined }
                versions[append.orderID] = version + append.events.count
            }
            return .appended(appends.map(write))
        }
    }

    /// Versions as PostgreSQL's `streams` table holds them: a customer's stream counts, although none of
    /// its events is an order's.
    public func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int] {
        lock.withLock { _ in
            var versions: [OrderID: Int] = [:]
            for orderID in orderIDs {
                if let version = customerStreams[orderID] ?? streams[orderID]?.last?.version { versions[orderID] = version }
            }
            return versions
        }
    }

    /// The head the order handler decides on; a customer's stream gives one that says so.
    public func head(of orderID: OrderID) throws -> StreamHead {
        if let version = lock.withLock({ _ in customerStreams[orderID] }) { return .ofCustomerStream(version: version) }
        return StreamHead(folding: try events(in: orderID))
    }

    /// The heads at these versions; a customer's stream gives one that says so, at the version asked
    /// for or its own, whichever is lower (the events PostgreSQL's fold would read).
    public func heads(at versions: [OrderID: Int]) throws -> [OrderID: StreamHead] {
        try versions.reduce(into: [:]) { heads, entry in
            let (orderID, version) = entry
            if version > 0, let customerVersion = lock.withLock({ _ in customerStreams[orderID] }) {
                heads[orderID] = .ofCustomerStream(version: min(version, customerVersion))
            } else {
                heads[orderID] = StreamHead(folding: try events(in: orderID).prefix { $0.version <= version })
            }
        }
    }

    /// Makes `orderID` stand for a customer's stream at `version` (at least 1), as if the customer store
    /// had written it: order commands on it must be refused with `wrong_stream_kind`.
    public func markCustomerStream(_ orderID: OrderID, version: Int) {
        precondition(version >= 1, "a customer's stream exists from its first event")
        lock.withLock { _ in
            precondition(streams[orderID] == nil, "\(orderID) is already an order's stream")
            customerStreams[orderID] = version
        }
    }

    /// Writes one checked append; the caller holds the lock.
    private func write(_ append: StreamAppend) -> [RecordedEvent] {
        let recorded = append.sealedEvents.enumerated().map { offset, sealed in
            RecordedEvent(sealed: sealed, orderID: append.orderID, position: nextPosition + Int64(offset))
        }
        nextPosition += Int64(recorded.count)
        streams[append.orderID, default: []] += recorded
        commands[append.command.commandID] = append.command
        views[append.orderID] = append.view
        return recorded
    }

    /// Every event in append order, for tests that compare whole stores.
    public var allEvents: [RecordedEvent] {
        lock.withLock { _ in streams.values.flatMap { $0 }.sorted { $0.position < $1.position } }
    }
}
