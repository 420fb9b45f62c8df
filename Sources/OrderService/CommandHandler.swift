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
        var lastSeenVersion = 0
        var lastActualVersion = 0
        for _ in 1...maximumAttempts {
            if let applied = try store.command(envelope.commandID) {
                return applied.fingerprint == fingerprint ? .duplicate(version: applied.resultingVersion) : .commandIDReused
            }
            let history = try store.events(in: envelope.orderID)
            let currentVersion = history.last?.version ?? 0
            if let expected = envelope.expectedVersion, expected != currentVersion {
                return .conflict(expected: expected, actual: currentVersion, retriesExhausted: false)
            }
            let view = history.reduce(nil as OrderView?) { view, recorded in
                OrderView.evolve(view, orderID: envelope.orderID, with: recorded.event, version: recorded.version, occurredAt: recorded.occurredAt)
            }
            let state = view.map { OrderState.placed($0.order) } ?? .initial
            let event: OrderEvent
            do {
                event = try state.decide(envelope.command)
            } catch {
                return .rejected(error)
            }
            let append = makeAppend(of: event, after: history.last, to: view, for: envelope, fingerprint: fingerprint)
            switch try store.append(append) {
            case let .appended(recorded):
                return .accepted(version: append.view.version, events: recorded)
            case let .versionConflict(actual):
                if let expected = envelope.expectedVersion {
                    return .conflict(expected: expected, actual: actual, retriesExhausted: false)
                }
                lastSeenVersion = currentVersion
                lastActualVersion = actual
            case .commandAlreadyRecorded:
                // Another writer applied this very command id meanwhile: the next pass answers duplicate.
                continue
            }
        }
        return .conflict(expected: lastSeenVersion, actual: lastActualVersion, retriesExhausted: true)
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
            command: CommandRecord(commandID: envelope.commandID, orderID: envelope.orderID, fingerprint: fingerprint, resultingVersion: newVersion),
            view: newView
        )
    }
}
