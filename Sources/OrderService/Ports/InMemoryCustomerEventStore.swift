import OrderDomain
import OrderProjections
import PersonalDataProtection
import Synchronization

/// The customer store's in-memory twin, for fast unit tests of the customer handler, with the rules of
/// PostgreSQL's (`PostgresCustomerEventStore` and `sql/006_customers.sql`):
///
/// - an append commits its key, event, command record and contacts row together or not at all, under
///   the version check; a stream that is an order's, or that was forgotten, never moves for it
///   (`versionConflict` at its version, as if it had moved);
/// - one record per command id: a second append under an id already recorded writes nothing;
/// - keys are kept apart from the events, and a customer gets a key only once;
/// - `forget` destroys the key and clears the contacts row and the fingerprints of the customer's
///   command records, leaving every event as it was;
/// - heads are folded from the stored lines with the key, so a forgotten customer folds to `.forgotten`.
///
/// Order streams live in another store; ``markOrderStream(_:version:)`` stands for one here, and
/// ``recordOrderCommand(_:)`` for a command id applied to an order, since PostgreSQL keeps one table of
/// streams and one of command records for both kinds.
public final class InMemoryCustomerEventStore: CustomerEventStore, @unchecked Sendable {
    private let lock = Mutex(())
    private var streams: [CustomerID: [FeedLine]] = [:]
    private var orderStreams: [CustomerID: Int] = [:]
    private var forgotten: Set<CustomerID> = []
    private var keys: [CustomerID: CustomerKey] = [:]
    private var commands: [CommandID: CommandRecord] = [:]
    private var contacts: [CustomerID: ContactView] = [:]
    private var nextPosition: Int64 = 1

    /// An empty store.
    public init() {}

    // MARK: The port

    public func command(_ commandID: CommandID) throws -> CommandRecord? {
        lock.withLock { _ in commands[commandID] }
    }

    public func customerHead(of customerID: CustomerID) throws -> CustomerStreamHead {
        let (orderVersion, lines, key) = lock.withLock { _ in (orderStreams[customerID], streams[customerID] ?? [], keys[customerID]) }
        if let orderVersion { return .ofOrderStream(version: orderVersion) }
        return try CustomerStreamHead(folding: lines, key: key)
    }

    public func append(_ append: CustomerAppend) throws -> CustomerAppendOutcome {
        try lock.withLock { _ in
            let customerID = append.customerID
            // The version check, which only a customer's stream that is not forgotten passes.
            if let orderVersion = orderStreams[customerID] { return .versionConflict(actual: orderVersion) }
            let stream = streams[customerID] ?? []
            guard stream.count == append.expectedVersion, !forgotten.contains(customerID) else { return .versionConflict(actual: stream.count) }
            guard commands[append.command.commandID] == nil else { return .commandAlreadyRecorded }
            precondition(
                append.event.version == append.expectedVersion + 1 && append.event.orderID.uuid == customerID.uuid
                    && append.command.streamID.uuid == customerID.uuid && append.view.customerID == customerID,
                "an append whose event, record or view is not the next of its own stream"
            )
            // `customer_keys` has one row per customer: a second key is refused, and nothing is written.
            if append.newKey != nil, keys[customerID] != nil {
                throw StoreFailure(.conflict, "appending to customer stream \(customerID): the customer already has a key")
            }
            return .appended(write(append))
        }
    }

    public func append(together appends: [CustomerAppend]) throws -> [EventReceipt]? {
        lock.withLock { _ -> [EventReceipt]? in
            // Check every append against the store as the ones before it would leave it, then write all or nothing.
            var versions: [CustomerID: Int] = [:]
            var recordedCommands: Set<CommandID> = []
            var newKeys: Set<CustomerID> = []
            for append in appends {
                let customerID = append.customerID
                guard orderStreams[customerID] == nil, !forgotten.contains(customerID) else { return nil }
                let version = versions[customerID] ?? streams[customerID]?.count ?? 0
                guard version == append.expectedVersion, commands[append.command.commandID] == nil,
                      recordedCommands.insert(append.command.commandID).inserted
                else { return nil }
                if append.newKey != nil {
                    guard keys[customerID] == nil, newKeys.insert(customerID).inserted else { return nil }
                }
                versions[customerID] = version + 1
            }
            return appends.map(write)
        }
    }

    /// Writes one checked append; the caller holds the lock.
    private func write(_ append: CustomerAppend) -> EventReceipt {
        if let newKey = append.newKey { keys[append.customerID] = newKey }
        let line = FeedLine(position: nextPosition, event: append.event, hash: append.hash)
        nextPosition += 1
        streams[append.customerID, default: []].append(line)
        commands[append.command.commandID] = append.command
        contacts[append.customerID] = append.view
        return EventReceipt(type: append.event.type, version: append.event.version, position: line.position)
    }

    public func forget(_ customerID: CustomerID) throws -> ForgetOutcome {
        lock.withLock { _ in
            if orderStreams[customerID] != nil { return .wrongStreamKind }
            guard streams[customerID] != nil else { return .notFound }
            guard forgotten.insert(customerID).inserted else { return .alreadyForgotten }
            keys[customerID] = nil
            if var view = contacts[customerID] {
                view.contact = nil
                contacts[customerID] = view
            }
            for (commandID, record) in commands where record.streamID.uuid == customerID.uuid {
                commands[commandID] = CommandRecord(
                    commandID: commandID, streamID: record.streamID, fingerprint: nil, resultingVersion: record.resultingVersion
                )
            }
            return .forgotten
        }
    }

    // MARK: Setting up and looking inside, for tests

    /// Makes `customerID` stand for an order's stream at `version` (at least 1), as if the order store
    /// had written it: customer commands on it are refused, and `forget` answers `wrongStreamKind`.
    public func markOrderStream(_ customerID: CustomerID, version: Int) {
        precondition(version >= 1, "an order's stream exists from its first event")
        lock.withLock { _ in
            precondition(streams[customerID] == nil, "\(customerID) is already a customer's stream")
            orderStreams[customerID] = version
        }
    }

    /// Records a command applied through the order store, whose command ids share one table with the
    /// customer store's: a customer command sent under the same id finds it.
    public func recordOrderCommand(_ record: CommandRecord) {
        lock.withLock { _ in
            precondition(commands[record.commandID] == nil, "command \(record.commandID) is already recorded")
            commands[record.commandID] = record
        }
    }

    /// The customer's stored events, in version order, exactly as appended (personal fields sealed).
    public func lines(of customerID: CustomerID) -> [FeedLine] {
        lock.withLock { _ in streams[customerID] ?? [] }
    }

    /// The customer's key, while it exists.
    public func key(of customerID: CustomerID) -> CustomerKey? {
        lock.withLock { _ in keys[customerID] }
    }

    /// The customer's row of the contacts read model, nil while the customer was never registered.
    public func contact(of customerID: CustomerID) -> ContactView? {
        lock.withLock { _ in contacts[customerID] }
    }

    /// Whether `forget` was done for the customer.
    public func isForgotten(_ customerID: CustomerID) -> Bool {
        lock.withLock { _ in forgotten.contains(customerID) }
    }

    /// Every stored customer event in append order, for tests that check nothing was written.
    public var allLines: [FeedLine] {
        lock.withLock { _ in streams.values.flatMap { $0 }.sorted { $0.position < $1.position } }
    }
}
