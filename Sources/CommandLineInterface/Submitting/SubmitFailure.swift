import OrderService

/// An infrastructure failure while handling one line, or a batch of lines handled together, naming them.
public struct SubmitFailure: Error, CustomStringConvertible {
    /// The input lines whose commands the failure leaves undecided, with their commands, in input order.
    public let commands: [(line: Int, command: SubmittedCommand)]
    /// What failed. After a reconnection that failed too, why it did; `outcomeIsUnknown` stays the
    /// original failure's.
    public var underlying: any Error
    /// Lines of the same batch whose commands were committed before the failure but whose results were
    /// not printed (a batch's customer and order commands are written in two transactions).
    public var committedLines: [Int] = []
    /// The lines read whose results were not printed, the failing ones among them, in input order: what a
    /// run that carries on after reconnecting must handle again.
    public var unansweredLines: [InputLine] = []
    /// Whether the commands' transaction may have committed: when the connection broke, a COMMIT may
    /// have reached the server even though its answer never came back; when the synchronous standby did
    /// not confirm it, it committed here but a failover could lose it.
    public let outcomeIsUnknown: Bool

    /// A failure of one line's order command.
    public init(line: Int, envelope: CommandEnvelope, underlying: any Error) {
        self.init(submitted: [(line, .order(envelope))], underlying: underlying)
    }

    /// A failure of one line's customer command handled alone.
    public init(line: Int, envelope: CustomerCommandEnvelope, underlying: any Error) {
        self.init(submitted: [(line, .customer(envelope))], underlying: underlying)
    }

    /// A failure of a batch of customer commands handled together (at least one command).
    public init(customerCommands: [(line: Int, envelope: CustomerCommandEnvelope)], underlying: any Error) {
        self.init(submitted: customerCommands.map { ($0.line, .customer($0.envelope)) }, underlying: underlying)
    }

    /// A failure of a batch of order commands handled together (at least one command).
    public init(commands: [(line: Int, envelope: CommandEnvelope)], underlying: any Error) {
        self.init(submitted: commands.map { ($0.line, .order($0.envelope)) }, underlying: underlying)
    }

    /// A failure of these lines' commands (at least one).
    init(submitted: [(line: Int, command: SubmittedCommand)], underlying: any Error) {
        precondition(!submitted.isEmpty)
        self.commands = submitted
        self.underlying = underlying
        self.outcomeIsUnknown = (underlying as? StoreFailure)?.leavesOutcomeUnknown == true
    }

    /// The first line concerned.
    public var line: Int { commands[0].line }

    /// Whether the same lines may pass on a server found again through the address (see `StoreFailure`).
    public var mayPassAfterReconnecting: Bool {
        (underlying as? StoreFailure)?.mayPassAfterReconnecting == true
    }

    public var description: String {
        let first = commands[0]
        let command = "line \(first.line) (\(Self.describe(first.command)))"
        let subject = commands.count == 1
            ? command
            : "lines \(first.line) to \(commands[commands.count - 1].line) (\(commands.count) commands handled together, the first \(command))"
        let fate = switch (outcomeIsUnknown, commands.count == 1) {
        case (true, true): "its outcome is unknown: it may or may not have been committed"
        case (true, false): "their outcome is unknown: they may or may not have been committed, all or none"
        case (false, true): "nothing of it was written"
        case (false, false): "nothing of them was written"
        }
        let committed = committedLines.isEmpty
            ? ""
            : " Line\(committedLines.count == 1 ? "" : "s") \(committedLines.sorted().map(String.init).joined(separator: ", ")) of the same batch "
                + "\(committedLines.count == 1 ? "was" : "were") committed before it, without a result printed."
        let firstUnanswered = unansweredLines.first { !$0.isBlank }.map(\.number) ?? first.line
        let unanswered = firstUnanswered < first.line ? " The first line without a result is line \(firstUnanswered)." : ""
        return "\(subject) failed: \(underlying); \(fate).\(committed)\(unanswered) Lines after it were not read. "
            + "Submit the file again to finish: lines with a commandId that were applied answer duplicate"
    }

    /// "AddItem <command id> on order <order id>": the kind, the id and the stream, never a personal field.
    private static func describe(_ command: SubmittedCommand) -> String {
        switch command {
        case let .order(envelope): "\(envelope.command.kind.rawValue) \(envelope.commandID) on order \(envelope.orderID)"
        case let .customer(envelope): "\(envelope.command.kind.rawValue) \(envelope.commandID) on customer \(envelope.customerID)"
        }
    }
}
