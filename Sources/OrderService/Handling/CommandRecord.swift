import Hashing
import OrderDomain

/// What the store remembers of an applied command, so a repeat answers `duplicate` instead of applying again.
public struct CommandRecord: Sendable, Equatable {
    /// The idempotency key.
    public let commandID: CommandID
    /// The order it was applied to.
    public let orderID: OrderID
    /// Tells a true repeat from a reuse of the id for another command.
    public let fingerprint: SHA256Digest
    /// The stream version the command produced.
    public let resultingVersion: Int

    /// Creates a record.
    public init(commandID: CommandID, orderID: OrderID, fingerprint: SHA256Digest, resultingVersion: Int) {
        self.commandID = commandID
        self.orderID = orderID
        self.fingerprint = fingerprint
        self.resultingVersion = resultingVersion
    }
}
