import Hashing
import OrderDomain

/// What the order and customer handlers answer alike about a command id applied before: a duplicate of
/// the command, or a reuse of its id for another. Their outcome types provide these cases.
protocol RepeatableOutcome {
    static func duplicate(version: Int) -> Self
    static var commandIDReused: Self { get }
    /// Whether the outcome may hide a twin of the command applied meanwhile by another writer: a refusal
    /// or a conflict, which a second look at the command records settles.
    var mayHaveLostToATwin: Bool { get }
}

extension RepeatableOutcome {
    /// The answer to a command with `fingerprint`, sent to `streamID`, whose id `record` already holds.
    static func answering(_ fingerprint: SHA256Digest, on streamID: StreamID, appliedAs record: CommandRecord) -> Self {
        record.isRepeated(by: fingerprint, on: streamID) ? duplicate(version: record.resultingVersion) : commandIDReused
    }

    /// This outcome, or, when it may have lost to a twin of itself (the same command id applied by another
    /// writer between our reads), the answer the command record gives: duplicate comes before every other
    /// answer, so the records are looked at once more.
    func settled(
        commandID: CommandID, fingerprint: SHA256Digest, on streamID: StreamID, lookingUp command: (CommandID) throws -> CommandRecord?
    ) rethrows -> Self {
        guard mayHaveLostToATwin, let record = try command(commandID) else { return self }
        return Self.answering(fingerprint, on: streamID, appliedAs: record)
    }
}

extension CommandOutcome: RepeatableOutcome {
    var mayHaveLostToATwin: Bool {
        switch self {
        case .rejected, .conflict: true
        case .accepted, .duplicate, .commandIDReused: false
        }
    }
}

extension CustomerCommandOutcome: RepeatableOutcome {
    var mayHaveLostToATwin: Bool {
        switch self {
        case .rejected, .conflict: true
        case .accepted, .duplicate, .commandIDReused: false
        }
    }
}
