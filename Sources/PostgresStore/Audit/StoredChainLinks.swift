import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderService

/// Reads stored events as hash-chain links, in (stream, version) order, streamed out of one `COPY`.
///
/// One COPY rather than pages of queries: the server sends rows while the audit hashes the ones
/// before, and paging left one side idle while the other worked (half of `audit verify`'s time).
enum StoredChainLinks {
    /// One stream as stored: its readable links in version order, its `streams` row's version, and the
    /// first of its events that could not be read at all (the links stop before it).
    struct StoredStream {
        let orderID: OrderID
        var links: [ChainLink] = []
        /// Every row of the stream, readable or not.
        var rowCount = 0
        let recordedVersion: Int?
        var firstUnreadable: UnreadableEvent?
    }

    /// An event whose row is there but cannot be read back.
    struct UnreadableEvent {
        let version: Int
        let position: Int64?
        let problem: String
    }

    /// Calls `body` with each stream in turn, holding one stream in memory at a time. Must run inside a
    /// transaction (the stream filter is a transaction-local setting); `body` must not use the connection,
    /// which is busy with the COPY until the last stream. A row that cannot be read is handed over as the
    /// stream's `firstUnreadable`, never skipped; one whose stream or version cannot be read either stops the read.
    static func forEachStream(
        onlyStream: OrderID? = nil, on connection: DatabaseConnection, context: String, _ body: (StoredStream) throws -> Void
    ) throws {
        var current: StoredStream?
        try connection.copyOut(
            query(filtered: onlyStream != nil),
            settings: ["orderctl.audited_stream": onlyStream?.description ?? ""],
            context: context
        ) { row in
            try add(row, to: &current, recordedVersion: row.integer(StoredEventRow.columnCount).map(Int.init), context: context, finished: body)
        }
        if let open = current { try body(open) }
    }

    /// Adds one row to the stream being read, handing the stream before over to `finished` when the row
    /// starts another, whose `streams` row records `recordedVersion`.
    static func add(
        _ row: some StoredColumns, to current: inout StoredStream?, recordedVersion: @autoclosure () -> Int?, context: String,
        finished: (StoredStream) throws -> Void
    ) throws {
        // Decoded first, as nearly every row reads; the stream and version are read apart only for a row that does not.
        let orderID: OrderID
        let decoded: Result<ChainLink, UnreadableRow>
        do {
            let (_, event, hash) = try StoredEventRow.decode(row, context: context)
            orderID = event.orderID
            decoded = .success(ChainLink(event: event, storedHash: hash))
        } catch let unreadable as UnreadableRow {
            guard let stream: OrderID = row.identifier(1) else { throw unreadable }
            orderID = stream
            decoded = .failure(unreadable)
        }
        if current?.orderID != orderID {
            let previous = current
            current = nil
            if let previous { try finished(previous) }
            current = StoredStream(orderID: orderID, recordedVersion: recordedVersion())
        }
        current?.rowCount += 1
        guard current?.firstUnreadable == nil else { return }
        switch decoded {
        case let .success(link): current?.links.append(link)
        case let .failure(unreadable):
            guard let version = row.integer(2).map(Int.init) else { throw unreadable }
            current?.firstUnreadable = UnreadableEvent(version: version, position: unreadable.position, problem: unreadable.problem)
        }
    }

    /// The query of `forEachStream`: every column of the events, and the version their `streams` row records
    /// unless `joined` is false (the caller reads the versions apart, `RecordedStreamVersions`).
    static func query(filtered: Bool, joined: Bool = true) -> String {
        """
        COPY (
            SELECT \(StoredEventRow.columns(of: "e"))\(joined ? ", s.version" : "")
            FROM events e \(joined ? "LEFT JOIN streams s ON s.stream_id = e.stream_id" : "")
            \(filtered ? "WHERE e.stream_id = current_setting('orderctl.audited_stream')::uuid" : "")
            ORDER BY e.stream_id, e.version
        ) TO STDOUT (FORMAT binary)
        """
    }

    /// One stream's links, in version order; throws when one of its events cannot be read.
    static func links(of orderID: OrderID, on connection: DatabaseConnection, context: String) throws -> [ChainLink] {
        var links: [ChainLink] = []
        try forEachStream(onlyStream: orderID, on: connection, context: context) { stream in
            if let unreadable = stream.firstUnreadable {
                throw UnreadableRow(position: unreadable.position, problem: unreadable.problem, context: context)
            }
            links = stream.links
        }
        return links
    }
}
