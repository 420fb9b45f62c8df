import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// `audit verify`'s reading of the log: each link checked as its row arrives, from the row's text
/// (`StoredRowText`), and only a stream that does not check out that way read as `ChainLink`s and
/// audited by `StreamAudit`, which names its break.
///
/// Building a `ChainedEvent` with parsed payload and metadata for every event was half of the audit's
/// own time, for streams that are nearly all intact. A stream passes here only if every row is within
/// the quick path's plain text, its versions run 1, 2, 3, ... and every stored hash equals the link
/// recomputed, and its `streams` row records no more versions: exactly when `StreamAudit` finds no break
/// and no row is unreadable (the canonical form written from text is the one written from values, byte for
/// byte). Any other stream is read again from its kept rows along `StoredChainLinks`'s path, so its report
/// is the one it always was. The stream's rows are kept as bytes until it ends: one stream in memory at a time.
struct QuickChainCheck: ~Copyable {
    /// What reading one stream gave.
    enum Outcome {
        /// Every link holds: the stream, how many events it has, and whether a `streams` row names it.
        case intact(OrderID, events: Int, recorded: Bool)
        /// The stream as `StoredChainLinks` reads it, for `StreamAudit` to find its break.
        case stored(StoredChainLinks.StoredStream)
    }

    private var orderID: OrderID?
    private var recordedVersion: Int?
    private var rowCount = 0
    private var previous = EventChain.genesis
    private var holds = true
    /// The stream's rows: their messages' bytes one after another, and each row's field ranges into them.
    private var keptBytes: [UInt8] = []
    private var keptRows: [(bytes: Range<Int>, fields: Range<Int>)] = []
    /// The kept rows' field ranges one after another: an array per row was an allocation per row.
    private var keptFields: [Range<Int>?] = []
    private var writer = JSONTextWriter()
    /// Where a stream's recorded version comes from when the COPY does not join it (a whole-log audit).
    private var recordedVersions: RecordedStreamVersions?

    /// Reads every stream, or `onlyStream`, handing each over to `body` as it ends; the same transaction
    /// and connection rules as `StoredChainLinks.forEachStream`. Returns how many `streams` rows there are
    /// when it read them all beside the events (`RecordedStreamVersions`), nil when it joined them.
    static func forEachStream(
        onlyStream: OrderID? = nil, on connection: DatabaseConnection, context: String, _ body: (Outcome) throws -> Void
    ) throws -> Int? {
        var check = QuickChainCheck()
        check.writer.reserveCapacity(4096)
        // The whole log: the versions come from a second session, not a join (see RecordedStreamVersions).
        if onlyStream == nil { check.recordedVersions = try RecordedStreamVersions.open(sharingSnapshotOf: connection, context: context) }
        try connection.copyOut(
            StoredChainLinks.query(filtered: onlyStream != nil, joined: check.recordedVersions == nil),
            settings: ["orderctl.audited_stream": onlyStream?.description ?? ""],
            context: context
        ) { row in
            try check.add(row, context: context, finished: body)
        }
        if check.orderID != nil { try body(check.finish(context: context)) }
        guard let recordedVersions = check.recordedVersions else { return nil }
        try recordedVersions.finish()
        return recordedVersions.rowsRead
    }

    private mutating func add(_ row: BinaryCopyRow, context: String, finished: (Outcome) throws -> Void) throws {
        guard let rowStream: OrderID = row.identifier(1) else {
            // The slow path's own refusal of a row whose stream cannot be read: it stops the read.
            var unused: StoredChainLinks.StoredStream?
            try StoredChainLinks.add(row, to: &unused, recordedVersion: nil, context: context) { _ in }
            preconditionFailure("a row whose stream cannot be read was read")
        }
        if rowStream != orderID {
            if orderID != nil { try finished(finish(context: context)) }
            orderID = rowStream
            if let recordedVersions {
                recordedVersion = try row.bytes(1).flatMap { try recordedVersions.version(of: $0) }
            } else {
                recordedVersion = row.integer(StoredEventRow.columnCount).map(Int.init)
            }
            rowCount = 0
            previous = EventChain.genesis
            holds = true
            keptBytes.removeAll(keepingCapacity: true)
            keptRows.removeAll(keepingCapacity: true)
            keptFields.removeAll(keepingCapacity: true)
        }
        rowCount += 1
        let bytesStart = keptBytes.count
        keptBytes.append(contentsOf: row.message)
        let fieldsStart = keptFields.count
        keptFields.append(contentsOf: row.fields)
        keptRows.append((bytesStart..<keptBytes.count, fieldsStart..<keptFields.count))
        guard holds else { return }
        holds = linkHolds(row)
    }

    /// Whether the row is the stream's next version and its stored hash is the link recomputed from its text.
    private mutating func linkHolds(_ row: BinaryCopyRow) -> Bool {
        guard row.integer(2) == Int64(rowCount), let stored = row.bytes(9), stored.count == SHA256Digest.byteCount,
              StoredRowText.writeCanonicalForm(of: row, into: &writer)
        else { return false }
        let link = previous.bytes.withUnsafeBytes { previousBytes in
            writer.withOutput { SHA256.hash(previousBytes, followedBy: UnsafeRawBufferPointer($0)) }
        }
        guard link.matches(stored) else { return false }
        previous = link
        return true
    }

    /// The stream just read: intact, or read again from its kept rows along the slow path.
    private func finish(context: String) throws -> Outcome {
        guard let orderID else { preconditionFailure("no stream was read") }
        if holds, (recordedVersion ?? 0) <= rowCount { return .intact(orderID, events: rowCount, recorded: recordedVersion != nil) }
        var stream: StoredChainLinks.StoredStream?
        try keptBytes.withUnsafeBufferPointer { bytes in
            for kept in keptRows {
                let row = BinaryCopyRow(message: UnsafeBufferPointer(rebasing: bytes[kept.bytes]), fields: Array(keptFields[kept.fields]))
                try StoredChainLinks.add(row, to: &stream, recordedVersion: recordedVersion, context: context) { _ in
                    preconditionFailure("a kept stream's rows name another stream")
                }
            }
        }
        guard let stream else { preconditionFailure("a stream without rows") }
        return .stored(stream)
    }
}
