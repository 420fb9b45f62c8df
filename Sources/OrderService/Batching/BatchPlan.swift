import OrderDomain

/// A batch of commands decided in memory and not yet written: the appends to write in one transaction,
/// and the answers that need no write. It holds only if every append commits as planned; then
/// `CommandHandler.settle(_:written:)` turns it into the batch's outcomes.
///
/// A plan may stand on an earlier plan still being written (`CommandHandler.plan(together:after:)`).
/// Such a plan holds only once the earlier one committed as planned; if the earlier one did not, it is
/// thrown away and made again.
public struct BatchPlan: Sendable {
    /// Every stream the batch touches, each once, in first-seen order.
    let orderIDs: [OrderID]
    /// The answer of each command decided without a write; nil where an append is to be written.
    let answered: [CommandOutcome?]
    /// The appends to write, each with the position of its command in the batch.
    let writes: [(index: Int, append: StreamAppend)]
    /// The head of every stream the batch touches, as it will be once the batch commits.
    let headsAfter: [OrderID: StreamHead]
    /// The streams the batch appends to.
    let writtenStreams: Set<OrderID>
    /// The command records the batch writes, by command id.
    let recorded: [CommandID: CommandRecord]

    init(orderIDs: [OrderID], answered: [CommandOutcome?], writes: [(index: Int, append: StreamAppend)], headsAfter: [OrderID: StreamHead], recorded: [CommandID: CommandRecord]) {
        self.orderIDs = orderIDs
        self.answered = answered
        self.writes = writes
        self.headsAfter = headsAfter
        self.writtenStreams = Set(writes.map(\.append.orderID))
        self.recorded = recorded
    }

    /// The appends to write together, in the batch's order (empty when every command is answered already).
    public var appends: [StreamAppend] { writes.map(\.append) }

    /// Whether every command is answered already, so that there is nothing to write.
    public var writesNothing: Bool { writes.isEmpty }

    /// Writes the appends to a store in one transaction; nothing to write counts as written.
    public func write(to store: any OrderEventStore) throws -> BatchAppendOutcome {
        writesNothing ? .appended([]) : try store.append(together: appends)
    }

    /// The head a stream will have once this batch commits, for the streams the batch writes to.
    func head(afterWriting orderID: OrderID) -> StreamHead? {
        writtenStreams.contains(orderID) ? headsAfter[orderID] : nil
    }
}
