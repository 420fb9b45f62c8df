import Hashing
import JSONCoding
import OrderDomain
import OrderProjections

/// Runs one command through idempotency, the optimistic version check, the domain and the atomic append.
public final class CommandHandler {
    /// How many times a lost race (without `expectedVersion`) is retried before answering `conflict`.
    public static let defaultMaximumAttempts = 8

    private let store: any OrderEventStore
    private let clock: () -> Timestamp
    private let makeEventID: () -> EventID
    private let maximumAttempts: Int

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
        var lostRace = (seen: 0, actual: 0)
        for _ in 1...maximumAttempts {
            switch try attempt(envelope, fingerprint: fingerprint) {
            case let .finished(outcome):
                return try settled(outcome, of: envelope, fingerprint: fingerprint)
            case let .lostRace(seen, actual):
                lostRace = (seen, actual)
            }
        }
        return try settled(.conflict(expected: lostRace.seen, actual: lostRace.actual, retriesExhausted: true), of: envelope, fingerprint: fingerprint)
    }

    /// How one pass ended: with an answer, or beaten by another writer (retry without `expectedVersion`).
    private enum Attempt {
        case finished(CommandOutcome)
        case lostRace(seen: Int, actual: Int)
    }

    /// One pass: idempotency, load, expected version, decide, append.
    private func attempt(_ envelope: CommandEnvelope, fingerprint: SHA256Digest) throws -> Attempt {
        if let applied = try store.command(envelope.commandID) {
            return .finished(Self.outcome(ofApplied: applied, fingerprint: fingerprint))
        }
        let history = try store.events(in: envelope.orderID)
        let currentVersion = history.last?.version ?? 0
        if let expected = envelope.expectedVersion, expected != currentVersion {
            return .finished(.conflict(expected: expected, actual: currentVersion, retriesExhausted: false))
        }
        let view = OrderView.folding(history)
        let state = view.map { OrderState.placed($0.order) } ?? .initial
        let event: OrderEvent
        do {
            event = try state.decide(envelope.command)
        } catch {
            return .finished(.rejected(error))
        }
        let append = makeAppend(of: event, after: history.last, to: view, for: envelope, fingerprint: fingerprint)
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

    /// A command refused or in conflict may have lost to a twin of itself: the same command id applied by
    /// another writer between our reads. Duplicate comes before every other answer, so look once more.
    private func settled(_ outcome: CommandOutcome, of envelope: CommandEnvelope, fingerprint: SHA256Digest) throws -> CommandOutcome {
        switch outcome {
        case .accepted, .duplicate, .commandIDReused:
            return outcome
        case .rejected, .conflict:
            guard let applied = try store.command(envelope.commandID) else { return outcome }
            return Self.outcome(ofApplied: applied, fingerprint: fingerprint)
        }
    }

    private static func outcome(ofApplied applied: CommandRecord, fingerprint: SHA256Digest) -> CommandOutcome {
        applied.fingerprint == fingerprint ? .duplicate(version: applied.resultingVersion) : .commandIDReused
    }

    /// The command record, event and read model that one decided event writes.
    private func makeAppend(
        of event: OrderEvent, after lastEvent: RecordedEvent?, to view: OrderView?, for envelope: CommandEnvelope,
        fingerprint: SHA256Digest
    ) -> StreamAppend {
        let currentVersion = lastEvent?.version ?? 0
        let newVersion = currentVersion + 1
        // Clocks of different writers disagree a little; a stream's times must never run backwards,
        // or "as of" questions about it would have no single answer.
        let occurredAt = max(clock(), lastEvent?.occurredAt ?? Timestamp(microsecondsSinceEpoch: .min))
        var metadata = envelope.metadata
        metadata["commandId"] = .string(envelope.commandID.description)
        let pending = PendingEvent(eventID: makeEventID(), event: event, occurredAt: occurredAt, metadata: metadata)
        guard let newView = OrderView.evolve(view, orderID: envelope.orderID, with: event, version: newVersion, occurredAt: occurredAt) else {
            preconditionFailure("decide produced \(event.kind) for an order that evolve cannot place")
        }
        return StreamAppend(
            orderID: envelope.orderID,
            expectedVersion: currentVersion,
            events: [pending],
            previousHash: lastEvent?.hash ?? EventChain.genesis,
            command: CommandRecord(commandID: envelope.commandID, orderID: envelope.orderID, fingerprint: fingerprint, resultingVersion: newVersion),
            view: newView
        )
    }
}
