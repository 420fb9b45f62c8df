import JSONCoding
import OrderDomain

/// A customer command with everything that travels around it: the customer (= stream) it targets, its
/// id, and the sender's expectations. The customer twin of ``CommandEnvelope``.
public struct CustomerCommandEnvelope: Sendable, Equatable {
    /// The idempotency key (generated at the edge when the sender gave none).
    public let commandID: CommandID
    /// The customer (= stream) the command is for.
    public let customerID: CustomerID
    /// What is asked.
    public let command: CustomerCommand
    /// The stream version the sender last saw, when it wants the optimistic check (0 = must not exist).
    public let expectedVersion: Int?
    /// Copied into every event's metadata beside the command id.
    public let metadata: JSONObject

    /// Creates an envelope.
    public init(
        commandID: CommandID, customerID: CustomerID, command: CustomerCommand, expectedVersion: Int? = nil, metadata: JSONObject = JSONObject()
    ) {
        self.commandID = commandID
        self.customerID = customerID
        self.command = command
        self.expectedVersion = expectedVersion
        self.metadata = metadata
    }
}
