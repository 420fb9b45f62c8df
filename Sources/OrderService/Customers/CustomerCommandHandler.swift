import Hashing
import JSONCoding
import OrderDomain
import OrderProjections
import PersonalDataProtection

/// Runs customer commands through idempotency, the optimistic version check, the domain and the atomic
/// append, like ``CommandHandler`` does for orders: one at a time (`handle(_:)`), or several in one
/// transaction (`handle(together:)`). Between the decision and the append it seals the event's personal
/// fields under the customer's key, drawing a new key for a registration.
///
/// The handler keeps nothing between calls: a customer's head holds decrypted details, which no cache
/// should keep in memory longer than a batch.
public final class CustomerCommandHandler {
    private let store: any CustomerEventStore
    private let clock: () -> Timestamp
    private let makeEventID: () -> EventID
    private let makeKey: () throws -> CustomerKey
    private let maximumAttempts: Int

    /// Creates a handler; the clock, id and key sources come from the edge so tests can fix them.
    public init(
        store: any CustomerEventStore,
        clock: @escaping () -> Timestamp,
        makeEventID: @escaping () -> EventID,
        makeKey: @escaping () throws -> CustomerKey = { try CustomerKey.generate() },
        maximumAttempts: Int = CommandHandler.defaultMaximumAttempts
    ) {
        precondition(maximumAttempts >= 1)
        self.store = store
        self.clock = clock
        self.makeEventID = makeEventID
        self.makeKey = makeKey
        self.maximumAttempts = maximumAttempts
    }

    /// Handles one command. Throws only for infrastructure failures (the store, or the system's random
    /// source refusing a key); every business outcome is a value.
    public func handle(_ envelope: CustomerCommandEnvelope) throws -> CustomerCommandOutcome {
        let fingerprint = CommandFingerprint.of(envelope)
        let outcome = try CommandAttempt.retrying(upTo: maximumAttempts, { try attempt(envelope, fingerprint: fingerprint) }) { seen, actual in
            .conflict(expected: seen, actual: actual, retriesExhausted: true)
        }
        return try outcome.settled(commandID: envelope.commandID, fingerprint: fingerprint, on: StreamID(envelope.customerID.uuid), lookingUp: store.command)
    }

    /// Handles several commands in one transaction, with the same answers as handling them one by one in
    /// order. Returns nil when they cannot be written together (a race with another writer, a forget, a row
    /// the store refuses): then nothing was written and each must go through `handle(_:)`.
    public func handle(together envelopes: [CustomerCommandEnvelope]) throws -> [CustomerCommandOutcome]? {
        var customers: [CustomerID] = []
        var seen: Set<CustomerID> = []
        for envelope in envelopes where seen.insert(envelope.customerID).inserted { customers.append(envelope.customerID) }
        // Heads before command records: a twin of one of these commands that commits in between shows up
        // as applied, and one that commits later makes the append fail its version check.
        var heads = try store.customerHeads(of: customers)
        let applied = try store.commands(envelopes.map(\.commandID))
        var answered: [CustomerCommandOutcome?] = Array(repeating: nil, count: envelopes.count)
        var writes: [(index: Int, append: CustomerAppend)] = []
        var recorded: [CommandID: CommandRecord] = [:]
        for (index, envelope) in envelopes.enumerated() {
            let fingerprint = CommandFingerprint.of(envelope)
            if let record = applied[envelope.commandID] ?? recorded[envelope.commandID] {
                answered[index] = .answering(fingerprint, on: StreamID(envelope.customerID.uuid), appliedAs: record)
                continue
            }
            let head = heads[envelope.customerID] ?? .empty
            switch try decision(on: envelope, at: head, fingerprint: fingerprint) {
            case let .answered(outcome):
                answered[index] = outcome
            case let .append(append):
                writes.append((index, append))
                recorded[envelope.commandID] = append.command
                heads[envelope.customerID] = head.after(append)
            }
        }
        if !writes.isEmpty {
            guard let receipts = try store.append(together: writes.map(\.append)), receipts.count == writes.count else { return nil }
            for ((index, append), receipt) in zip(writes, receipts) {
                answered[index] = .accepted(version: append.event.version, events: [receipt])
            }
        }
        return answered.map { $0! }
    }

    /// One pass: idempotency, load, decide, seal, append.
    private func attempt(_ envelope: CustomerCommandEnvelope, fingerprint: SHA256Digest) throws -> CommandAttempt<CustomerCommandOutcome> {
        if let applied = try store.command(envelope.commandID) {
            return .finished(.answering(fingerprint, on: StreamID(envelope.customerID.uuid), appliedAs: applied))
        }
        let head = try store.customerHead(of: envelope.customerID)
        let append: CustomerAppend
        switch try decision(on: envelope, at: head, fingerprint: fingerprint) {
        case let .answered(outcome):
            return .finished(outcome)
        case let .append(decided):
            append = decided
        }
        switch try store.append(append) {
        case let .appended(receipt):
            return .finished(.accepted(version: receipt.version, events: [receipt]))
        case let .versionConflict(actual):
            // Not moved but refused: the customer was forgotten meanwhile, which the next pass reads.
            if let expected = envelope.expectedVersion, actual != expected {
                return .finished(.conflict(expected: expected, actual: actual, retriesExhausted: false))
            }
            return .lostRace(seen: head.version, actual: actual)
        case .commandAlreadyRecorded:
            // Another writer applied this very command id meanwhile: the next pass answers duplicate.
            return .lostRace(seen: head.version, actual: head.version)
        }
    }

    /// What one command comes to on a stream's head, before anything is written.
    private enum Decision {
        case answered(CustomerCommandOutcome)
        case append(CustomerAppend)
    }

    /// The expected-version check, the stream kind, the domain's decision, and the sealed append that
    /// writes it.
    private func decision(on envelope: CustomerCommandEnvelope, at head: CustomerStreamHead, fingerprint: SHA256Digest) throws -> Decision {
        if let expected = envelope.expectedVersion, expected != head.version {
            return .answered(.conflict(expected: expected, actual: head.version, retriesExhausted: false))
        }
        // The first business rule: the id must not already be an order's.
        guard !head.belongsToOrder else { return .answered(.rejected(.wrongStreamKind)) }
        let event: CustomerEvent
        do {
            event = try head.state.decide(envelope.command)
        } catch {
            return .answered(.rejected(error))
        }
        return .append(try makeAppend(of: event, at: head, for: envelope, fingerprint: fingerprint))
    }

    /// The event sealed and chained, with its record, contacts row and (for a registration) new key.
    private func makeAppend(
        of event: CustomerEvent, at head: CustomerStreamHead, for envelope: CustomerCommandEnvelope, fingerprint: SHA256Digest
    ) throws -> CustomerAppend {
        let newVersion = head.version + 1
        // `decide` accepts only a registration on a stream without a key, and a change on one with it.
        let newKey = head.key == nil ? try makeKey() : nil
        guard let key = head.key ?? newKey else { preconditionFailure("a customer append without a key") }
        // A stream's times never run backwards, or "as of" questions about it would have no single answer.
        let occurredAt = max(clock(), head.lastOccurredAt ?? Timestamp(microsecondsSinceEpoch: .min))
        let eventID = makeEventID()
        var metadata = envelope.metadata
        metadata["commandId"] = .string(envelope.commandID.description)
        let encoded = try CustomerEventCodec.encode(event, eventID: eventID, sealedWith: key)
        let chained = ChainedEvent(
            orderID: OrderID(envelope.customerID.uuid), version: newVersion, eventID: eventID, type: encoded.type,
            schemaVersion: encoded.schemaVersion, payload: encoded.payload, metadata: metadata, occurredAt: occurredAt
        )
        let state = head.state.evolve(event)
        guard let view = ContactView.evolve(head.view, customerID: envelope.customerID, to: state, version: newVersion, occurredAt: occurredAt) else {
            preconditionFailure("decide produced \(event.kind) for a customer that evolve cannot register")
        }
        return CustomerAppend(
            customerID: envelope.customerID, expectedVersion: head.version, event: chained, hash: EventChain.link(of: chained, after: head.hash),
            newKey: newKey,
            command: CommandRecord(commandID: envelope.commandID, streamID: StreamID(envelope.customerID.uuid), fingerprint: fingerprint, resultingVersion: newVersion),
            view: view
        )
    }
}
