import JSONCoding
import OrderDomain
import OrderProjections
import PersonalDataProtection

/// The log itself, read in order: replays and time travel, exports, and the hash-chain audit.
public protocol EventLogReading {
    /// The stream's events in version order as feed lines, each handed over as the store sends it.
    func forEachLine(of orderID: OrderID, _ body: (FeedLine) throws -> Void) throws
    /// `forEachLine` with each line handed over as its text and the fields a fold reads, valid only during
    /// the call: a store may write it without building the `FeedLine`.
    func forEachWrittenLine(of orderID: OrderID, _ body: (WrittenFeedLine) throws -> Void) throws
    /// The customer's orders and totals as they stood at `moment`, folded from the log.
    func customer(_ customerID: CustomerID, asOf moment: Timestamp) throws -> CustomerView?
    /// The events `filter` takes, in gap-safe commit order, from one snapshot; returns how many.
    @discardableResult
    func export(_ filter: ExportFilter, line: (FeedLine) throws -> Void) throws -> Int
    /// `export` with each line written as text (what `FeedLine.write(into:)` writes) at the end of `output`,
    /// then handed to `lineWritten`, which may end the line and send what `output` holds: a store may write
    /// it without building the `FeedLine`, and straight into the caller's buffer.
    @discardableResult
    func exportText(_ filter: ExportFilter, into output: inout JSONTextWriter, lineWritten: (inout JSONTextWriter) throws -> Void) throws -> Int
    /// Checks every stream's versions and hash chain (or one stream's), handing over each break as it
    /// is found; a row that cannot be read is a break too, never skipped.
    func verifyChains(only orderID: OrderID?, onBreak: (ChainBreak) throws -> Void) throws -> ChainAuditReport
    /// The place in commit order of the event at `position`: where `export --after-position` resumes;
    /// nil when no event has that position.
    func cursor(atPosition position: Int64) throws -> ProjectionCheckpoint?
    /// Reads, in commit order, at most `limit` settled events after `cursor` (no running transaction can
    /// still commit an event before them) and hands over those `filter` takes; returns the place of the
    /// last event read, taken or not, and how many were read.
    func settledEvents(
        _ filter: ExportFilter, after cursor: ProjectionCheckpoint, limit: Int, line: (FeedLine) throws -> Void
    ) throws -> (cursor: ProjectionCheckpoint, read: Int)
    /// Whether this server shows the event at `position` yet: a read that must see its own writes asks
    /// until it does.
    func visibility(of position: Int64) throws -> PositionVisibility
    /// What the stream holds, nil when no stream has that id.
    func kind(ofStream streamID: StreamID) throws -> StreamKind?
    /// The customer's key, nil once the customer was forgotten (or the log was imported without keys).
    func key(of customerID: CustomerID) throws -> CustomerKey?
    /// Hands over every customer key, in customer id order, for `export --keys`; returns how many.
    @discardableResult
    func forEachCustomerKey(_ body: (CustomerID, CustomerKey) throws -> Void) throws -> Int
}

extension EventLogReading {
    /// Writes each `FeedLine` into `output`: the definition a store's own `exportText` must match.
    @discardableResult
    public func exportText(_ filter: ExportFilter, into output: inout JSONTextWriter, lineWritten: (inout JSONTextWriter) throws -> Void) throws -> Int {
        try export(filter) { feedLine in
            feedLine.write(into: &output)
            try lineWritten(&output)
        }
    }

    /// Writes each `FeedLine`'s members, and its payload after them, and hands them over: the definition
    /// a store's own `forEachWrittenLine` must match.
    public func forEachWrittenLine(of orderID: OrderID, _ body: (WrittenFeedLine) throws -> Void) throws {
        var writer = JSONTextWriter()
        try forEachLine(of: orderID) { line in try WrittenFeedLine.withWritten(line, using: &writer, body) }
    }

    /// The stream's events in version order as feed lines.
    public func lines(of orderID: OrderID) throws -> [FeedLine] {
        var lines: [FeedLine] = []
        try forEachLine(of: orderID) { lines.append($0) }
        return lines
    }
}
