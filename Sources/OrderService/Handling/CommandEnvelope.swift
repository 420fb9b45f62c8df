import JSONCoding
import OrderDomain

/// Identifies a command across retries: the idempotency key.
public typealias CommandID = Identifier<CommandEnvelope>

/// A command with everything that travels around it: its target stream, its id, and the sender's expectations.
public struct CommandEnvelope: Sendable, Equatable {
    /// The idempotency key (generated at the edge when the sender gave none).
    public let commandID: CommandID
    /// The order (= stream) the command is for.
    public let orderID: OrderID
    /// What is asked.
    public let command: OrderCommand
    /// The stream version the sender last saw, when it wants the optimistic check (0 = must not exist).
    public let expectedVersion: Int?
    /// Copied into every event's metadata beside the command id.
    public let metadata: JSONObject

    /// Creates an envelope.
    public init(commandID: CommandID, orderID: OrderID, command: OrderCommand, expectedVersion: Int? = nil, metadata: JSONObject = JSONObject()) {
        self.commandID = commandID
        self.orderID = orderID
        self.command = command
        self.expectedVersion = expectedVersion
        self.metadata = metadata
    }
}
