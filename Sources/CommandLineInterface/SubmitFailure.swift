import OrderService
import PostgresStore

/// An infrastructure failure while handling one line, naming the line and command.
public struct SubmitFailure: Error, CustomStringConvertible {
    /// The input line.
    public let line: Int
    /// The command it held.
    public let envelope: CommandEnvelope
    /// What failed.
    public let underlying: any Error

    /// Whether the command's transaction may have committed: when the connection broke, a COMMIT may
    /// have reached the server even though its answer never came back.
    public var outcomeIsUnknown: Bool {
        (underlying as? PostgresError)?.kind == .connectionLost
    }

    public var description: String {
        let command = "line \(line) (\(envelope.command.kind.rawValue) \(envelope.commandID) on order \(envelope.orderID))"
        let fate = outcomeIsUnknown
            ? "the connection broke, so it may or may not have been committed"
            : "nothing of it was written"
        return "\(command) failed: \(underlying); \(fate). Lines after it were not read. "
            + "Submit the file again to finish: lines with a commandId that were applied answer duplicate"
    }
}
