import Hashing
import OrderDomain

/// What the store remembers of an applied command, so a repeat answers `duplicate` instead of applying again.
public struct CommandRecord: Sendable, Equatable {
    /// The idempotency key.
    public let commandID: CommandID
    /// The stream it was applied to: an order's or a customer's.
    public let streamID: StreamID
    /// Tells a true repeat from a reuse of the id for another command. Nil once the customer the command
    /// was for was forgotten: a customer command's fingerprint digests personal details, so it goes too.
    public let fingerprint: SHA256Digest?
    /// The stream version the command produced.
    public let resultingVersion: Int

    /// Creates a record.
    public init(commandID: CommandID, streamID: StreamID, fingerprint: SHA256Digest?, resultingVersion: Int) {
        self.commandID = commandID
        self.streamID = streamID
        self.fingerprint = fingerprint
        self.resultingVersion = resultingVersion
    }

    /// Whether a command with this fingerprint, sent to this stream, repeats the recorded one. Without a
    /// fingerprint (its customer was forgotten) the best left to compare is the stream: the same stream
    /// answers as a repeat, so resubmitting a file after a forget still ends in duplicates.
    public func isRepeated(by fingerprint: SHA256Digest, on streamID: StreamID) -> Bool {
        guard let recorded = self.fingerprint else { return self.streamID == streamID }
        return recorded == fingerprint
    }
}
