import OrderDomain
import OrderProjections
import Synchronization

/// The event store's in-memory twin, for fast unit tests of the handler. Same rules as PostgreSQL's:
/// the version check, one record per command id, and all-or-nothing appends.
public final class InMemoryOrderEventStore: OrderEventStore, @unchecked Sendable {
    private let lock = Mutex(())
    private var streams: [OrderID: [RecordedEvent]] = [:]
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
                let version = versions[append.orderID] ?? streams[append.orderID]?.count ?? 0
                guard version == append.expectedVersion, commands[append.command.commandID] == nil,
                      recordedCommands.insert(append.command.commandID).inserted
                else { return .declined }
                versions[append.orderID] = version + append.events.count
            }
            return .appended(appends.map(write))
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
