import Hashing
import JSONCoding
import OrderDomain
import OrderProjections

/// Runs commands through idempotency, the optimistic version check, the domain and the atomic append:
/// one at a time (`handle(_:)`), or a batch in one transaction (`handle(together:)`, or its steps
/// `plan`, `write` and `settle` for a caller that overlaps one batch's write with the next one's plan).
public final class CommandHandler {
    /// How many times a lost race (without `expectedVersion`) is retried before answering `conflict`.
    public static let defaultMaximumAttempts = 8
    /// How many stream heads the handler keeps between batches. A head costs a few hundred bytes; past
    /// this many the cache starts again, so memory stays flat however many orders a file touches.
    public static let maximumCachedHeads = 50_000

    private let store: any OrderEventStore
    private let clock: () -> Timestamp
    private let makeEventID: () -> EventID
    private let maximumAttempts: Int
    /// Heads of streams as this handler last read or wrote them. Only a hint: every use is checked
    /// against the stream's committed version first, and every append still carries the version check.
    private var cachedHeads: [OrderID: StreamHead] = [:]

    /// Creates a handler; the clock and id source come from the edge so tests can fix them.
    public init(
        store: any OrderEventStore,
        clock: @escaping () -> Timestamp,
        makeEventID: @escaping () -> EventID,
        maximumAttempts: Int = CommandHandler.defaultMaximumAttempts
    ) {
        precondition(maximumAttempts >= 1)
        self.store = store
        self.clock = clock
        self.makeEventID = makeEventID
        self.maximumAttempts = maximumAttempts
    }

    /// Handles one command. Throws only for infrastructure failures; every business outcome is a value.
    public func handle(_ envelope: CommandEnvelope) throws -> CommandOutcome {
        let fingerprint = CommandFingerprint.of(envelope)
        let outcome = try CommandAttempt.retrying(upTo: maximumAttempts, { try attempt(envelope, fingerprint: fingerprint) }) { seen, actual in
            .conflict(expected: seen, actual: actual, retriesExhausted: true)
        }
        return try outcome.settled(commandID: envelope.commandID, fingerprint: fingerprint, on: StreamID(envelope.orderID.uuid), lookingUp: store.command)
    }

    /// Handles a batch of commands in one transaction, with the same answers as handling them one by one
    /// in order. Returns nil when they cannot be written together (a race with another writer, or a row
    /// the store refuses): then nothing was written and each must go through `handle(_:)`, which finds
    /// the one affected and leaves the others unharmed. Throws only for infrastructure failures.
    public func handle(together envelopes: [CommandEnvelope]) throws -> [CommandOutcome]? {
        let plan = try plan(together: envelopes)
        return settle(plan, written: try write(plan))
    }

    /// Decides a batch of commands in memory, reading only what the decisions need: the streams'
    /// versions, the command ids already applied, and the heads the cache does not hold.
    ///
    /// With `earlier`, a plan still being written (by `write(_:)`, perhaps on another connection), the
    /// batch is decided as if that one had committed: the streams it writes start from its heads and its
    /// commands count as applied. That lets the next batch be read and decided while the earlier one
    /// commits. The plan holds only if the earlier one then committed as planned; otherwise make it again.
    public func plan(together envelopes: [CommandEnvelope], after earlier: BatchPlan? = nil) throws -> BatchPlan {
        var orderIDs: [OrderID] = []
        var seenOrders: Set<OrderID> = []
        for envelope in envelopes where seenOrders.insert(envelope.orderID).inserted { orderIDs.append(envelope.orderID) }
        // Stream versions before command records: a twin of one of these commands that commits in between
        // shows up as applied, and one that commits later makes our append fail its version check. Either
        // way no command is answered from a state older than its own record.
        let versions = try store.versions(of: orderIDs)
        let applied = try store.commands(envelopes.map(\.commandID))
        var heads = try currentHeads(of: orderIDs, at: versions, after: earlier)
        let recordedEarlier = earlier?.recorded ?? [:]

        var answered: [CommandOutcome?] = Array(repeating: nil, count: envelopes.count)
        var writes: [(index: Int, append: StreamAppend)] = []
        var recorded: [CommandID: CommandRecord] = [:]
        for (index, envelope) in envelopes.enumerated() {
            let fingerprint = CommandFingerprint.of(envelope)
            if let record = applied[envelope.commandID] ?? recordedEarlier[envelope.commandID] ?? recorded[envelope.commandID] {
                answered[index] = .answering(fingerprint, on: StreamID(envelope.orderID.uuid), appliedAs: record)
                continue
            }
            let head = heads[envelope.orderID] ?? .empty
            switch decision(on: envelope, at: head, fingerprint: fingerprint) {
            case let .answered(outcome):
                answered[index] = outcome
            case let .append(append):
                writes.append((index, append))
                recorded[envelope.commandID] = append.command
                heads[envelope.orderID] = head.after(append)
            }
        }
        return BatchPlan(orderIDs: orderIDs, answered: answered, writes: writes, headsAfter: heads, recorded: recorded)
    }

    /// Writes a plan's appends in one transaction through this handler's store.
    public func write(_ plan: BatchPlan) throws -> BatchAppendOutcome {
        try plan.write(to: store)
    }

    /// The batch's outcomes once its appends were written, or nil when they were declined: then nothing
    /// was written and each command must go through `handle(_:)`.
    public func settle(_ plan: BatchPlan, written: BatchAppendOutcome) -> [CommandOutcome]? {
        guard case let .appended(recorded) = written else {
            for orderID in plan.orderIDs { cachedHeads[orderID] = nil }
            return nil
        }
        var outcomes = plan.answered
        for ((index, append), events) in zip(plan.writes, recorded) {
            outcomes[index] = .accepted(version: append.view.version, events: events)
        }
        remember(plan.headsAfter)
        return outcomes.map { $0! }
    }

    /// The heads of these streams at the versions just read: those an earlier plan writes as it will leave
    /// them, others from the cache where it is current, the rest folded from their events (never past the
    /// version read, so the heads are one consistent picture).
    private func currentHeads(of orderIDs: [OrderID], at versions: [OrderID: Int], after earlier: BatchPlan?) throws -> [OrderID: StreamHead] {
        var heads: [OrderID: StreamHead] = [:]
        var unknown: [OrderID] = []
        for orderID in orderIDs {
            let version = versions[orderID] ?? 0
            if let planned = earlier?.head(afterWriting: orderID) {
                heads[orderID] = planned
            } else if version == 0 {
                heads[orderID] = .empty
            } else if let cached = cachedHeads[orderID], cached.version == version {
                heads[orderID] = cached
            } else {
                unknown.append(orderID)
            }
        }
        guard !unknown.isEmpty else { return heads }
        let read = try store.heads(at: Dictionary(uniqueKeysWithValues: unknown.map { ($0, versions[$0] ?? 0) }))
        heads.merge(read) { _, stored in stored }
        return heads
    }

    private func remember(_ heads: [OrderID: StreamHead]) {
        if cachedHeads.count + heads.count > Self.maximumCachedHeads { cachedHeads.removeAll(keepingCapacity: true) }
        cachedHeads.merge(heads) { _, newer in newer }
    }

    /// One pass: idempotency, load, expected version, decide, append.
    private func attempt(_ envelope: CommandEnvelope, fingerprint: SHA256Digest) throws -> CommandAttempt<CommandOutcome> {
        if let applied = try store.command(envelope.commandID) {
            return .finished(.answering(fingerprint, on: StreamID(envelope.orderID.uuid), appliedAs: applied))
        }
        // This command's stream is about to move, outside the batch bookkeeping.
        cachedHeads[envelope.orderID] = nil
        let head = try store.head(of: envelope.orderID)
        let currentVersion = head.version
        let append: StreamAppend
        switch decision(on: envelope, at: head, fingerprint: fingerprint) {
        case let .answered(outcome):
            return .finished(outcome)
        case let .append(decided):
            append = decided
        }
        switch try store.append(append) {
        case let .appended(recorded):
            return .finished(.accepted(version: append.view.version, events: recorded))
        case let .versionConflict(actual):
            if let expected = envelope.expectedVersion {
                return .finished(.conflict(expected: expected, actual: actual, retriesExhausted: false))
            }
            return .lostRace(seen: currentVersion, actual: actual)
        case .commandAlreadyRecorded:
            // Another writer applied this very command id meanwhile: the next pass answers duplicate.
            return .lostRace(seen: currentVersion, actual: currentVersion)
        }
    }

    /// What one command comes to on a stream's head, before anything is written.
    private enum Decision {
        case answered(CommandOutcome)
        case append(StreamAppend)
    }

    /// The expected-version check and the domain's decision, turned into the append that writes it.
    private func decision(on envelope: CommandEnvelope, at head: StreamHead, fingerprint: SHA256Digest) -> Decision {
        if let expected = envelope.expectedVersion, expected != head.version {
            return .answered(.conflict(expected: expected, actual: head.version, retriesExhausted: false))
        }
        // The first business rule: the id must not already be a customer's.
        guard !head.belongsToCustomer else { return .answered(.rejected(.wrongStreamKind)) }
        let event: OrderEvent
        do {
            event = try head.state.decide(envelope.command)
        } catch {
            return .answered(.rejected(error))
        }
        return .append(makeAppend(of: event, at: head, for: envelope, fingerprint: fingerprint))
    }

    /// The command record, event and read model that one decided event writes.
    private func makeAppend(of event: OrderEvent, at head: StreamHead, for envelope: CommandEnvelope, fingerprint: SHA256Digest) -> StreamAppend {
        let newVersion = head.version + 1
        // Clocks of different writers disagree a little; a stream's times must never run backwards,
        // or "as of" questions about it would have no single answer.
        let occurredAt = max(clock(), head.lastOccurredAt ?? Timestamp(microsecondsSinceEpoch: .min))
        var metadata = envelope.metadata
        metadata["commandId"] = .string(envelope.commandID.description)
        let pending = PendingEvent(eventID: makeEventID(), event: event, occurredAt: occurredAt, metadata: metadata)
        guard let newView = OrderView.evolve(head.view, orderID: envelope.orderID, with: event, version: newVersion, occurredAt: occurredAt) else {
            preconditionFailure("decide produced \(event.kind) for an order that evolve cannot place")
        }
        return StreamAppend(
            orderID: envelope.orderID,
            expectedVersion: head.version,
            events: [pending],
            previousHash: head.hash,
            command: CommandRecord(commandID: envelope.commandID, streamID: StreamID(envelope.orderID.uuid), fingerprint: fingerprint, resultingVersion: newVersion),
            view: newView
        )
    }
}
