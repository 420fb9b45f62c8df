import PostgresClient

/// The version each stream's `streams` row records, read in stream order on a second session that
/// shares the audit's snapshot, in step with the events read in stream order on the first.
///
/// Joining `streams` into the events' `COPY` (a merge join) was a fifth of the server's work in a
/// whole-log `audit verify`, which waited on the server; read beside it, the same rows cost the second
/// session a short index scan, on the other core. One row is held at a time: memory stays flat.
final class RecordedStreamVersions {
    private let session: DatabaseConnection
    private let cursor: CopyOutCursor
    /// The first `streams` row not yet passed: its stream id as two big-endian halves (the server's
    /// order for `uuid` is the bytes' order) and its version; nil once every row was read.
    private var pending: (stream: StreamOrderKey, version: Int?)?
    private let context: String
    /// The `streams` rows read so far; once `finish` has run, every row in the snapshot.
    private(set) var rowsRead = 0

    /// Opens the second session on `connection`'s snapshot (`connection` must be in a repeatable-read
    /// transaction) and starts reading; nil when the second session cannot be had or cannot share the
    /// snapshot (no connection slot left, or a URL that led elsewhere), and the caller joins instead.
    static func open(sharingSnapshotOf connection: DatabaseConnection, context: String) throws -> RecordedStreamVersions? {
        let exported = try connection.execute("SELECT pg_export_snapshot()", context: context).string(row: 0, column: 0)
        // The name the server gave, as a literal: SET TRANSACTION SNAPSHOT takes no parameter.
        guard let snapshot = exported, !snapshot.isEmpty, snapshot.allSatisfy({ $0 == "-" || ($0.isASCII && $0.isHexDigit) }) else { return nil }
        do {
            let session = try connection.connectAgain()
            // Its COPY lasts as long as the audit, past the runtime role's statement limit.
            try RuntimeRole.allowLongStatements(on: session)
            try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", context: context)
            try session.execute("SET TRANSACTION SNAPSHOT '\(snapshot)'", context: context)
            return try RecordedStreamVersions(session: session, context: context)
        } catch {
            return nil
        }
    }

    private init(session: DatabaseConnection, context: String) throws {
        self.session = session
        self.context = context
        cursor = try CopyOutCursor(
            "COPY (SELECT stream_id, version FROM streams ORDER BY stream_id) TO STDOUT (FORMAT binary)", on: session, context: context
        )
        try advance()
    }

    /// The version recorded for `stream` (its 16 stored bytes), nil when no `streams` row names it. Streams
    /// must be asked in the order the events are read (`ORDER BY stream_id`); rows passed over belong to
    /// streams without events, which the audit finds apart.
    func version(of stream: UnsafeBufferPointer<UInt8>) throws -> Int? {
        guard let key = StreamOrderKey(stream) else { return nil }
        while let row = pending, row.stream < key { try advance() }
        guard let row = pending, row.stream == key else { return nil }
        return row.version
    }

    /// Reads the remaining rows, so that the COPY ends as it should, and ends the second session's transaction.
    func finish() throws {
        while pending != nil { try advance() }
        try session.execute("COMMIT", context: context)
    }

    private func advance() throws {
        let context = context
        let next = try cursor.next { row -> (stream: StreamOrderKey, version: Int?) in
            guard let stream = row.bytes(0).flatMap(StreamOrderKey.init) else {
                throw UnreadableRow(row: "a streams row", problem: "its stream id is malformed", context: context)
            }
            return (stream, row.integer(1).map(Int.init))
        }
        if next != nil { rowsRead += 1 }
        pending = next
    }
}
