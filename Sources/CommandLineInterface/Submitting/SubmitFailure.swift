import OrderService

/// An infrastructure failure while handling one line, or a batch of lines handled together, naming them.
public struct SubmitFailure: Error, CustomStringConvertible {
    /// The input lines whose commands the failure leaves undecided, with their commands, in input order.
    public let commands: [(line: Int, envelope: CommandEnvelope)]
    /// What failed.
    public let underlying: any Error

    /// A failure of one line's command.
    public init(line: Int, envelope: CommandEnvelope, underlying: any Error) {
        self.init(commands: [(line, envelope)], underlying: underlying)
    }

    /// A failure of a batch handled together (at least one command).
    public init(commands: [(line: Int, envelope: CommandEnvelope)], underlying: any Error) {
        precondition(!commands.isEmpty)
        self.commands = commands
        self.underlying = underlying
    }

    /// The first line concerned.
    public var line: Int { commands[0].line }

    /// Whether the commands' transaction may have committed: when the connection broke, a COMMIT may
    /// have reached the server even though its answer never came back.
    public var outcomeIsUnknown: Bool {
        (underlying as? StoreFailure)?.leavesOutcomeUnknown == true
    }

    public var description: String {
        let first = commands[0]
        let command = "line \(first.line) (\(first.envelope.command.kind.rawValue) \(first.envelope.commandID) on order \(first.envelope.orderID))"
        let subject = commands.count == 1
            ? command
            : "lines \(first.line) to \(commands[commands.count - 1].line) (\(commands.count) commands handled together, the first \(command))"
        let fate = switch (outcomeIsUnknown, commands.count == 1) {
        case (true, true): "the connection broke, so it may or may not have been committed"
        case (true, false): "the connection broke, so they may or may not have been committed, all or none"
        case (false, true): "nothing of it was written"
        case (false, false): "nothing of them was written"
        }
        return "\(subject) failed: \(underlying); \(fate). Lines after it were not read. "
            + "Submit the file again to finish: lines with a commandId that were applied answer duplicate"
    }
}
