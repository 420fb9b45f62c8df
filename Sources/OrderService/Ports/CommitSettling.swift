import OrderDomain

/// What `submit` asks of the store when a commit's answer was cut off (the connection broke, or the server
/// could not confirm the commit with its synchronous standby): the lines concerned are settled from what
/// the store holds, never guessed.
public protocol CommitSettling {
    /// The global position of the last event in the log, 0 when it is empty. Taken when a run starts: an
    /// event past it that a cut-off command appended was appended by this run.
    func lastPosition() throws -> Int64
    /// Commits a small write of its own and waits, for up to `timeoutSeconds`, until the server says the
    /// synchronous standby (when there is one) has it. The standby confirms commits in order, so this
    /// confirms every earlier commit on this server too. Throws `.commitUnconfirmed` when the wait ran out.
    func confirmEarlierCommits(timeoutSeconds: Double) throws
    /// The event each of these commands appended, for those the store holds (each accepted command
    /// appends exactly one).
    func receipts(ofCommands commandIDs: [CommandID]) throws -> [CommandID: EventReceipt]
}
