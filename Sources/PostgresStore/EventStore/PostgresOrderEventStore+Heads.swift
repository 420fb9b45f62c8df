import PostgresClient
import Hashing
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService

/// Stream heads read from a snapshot and the events after it (`sql/005_stream_snapshots.sql`).
///
/// Folding a stream of 10,000 events took the handler 40 ms before it could decide one command; from a
/// snapshot it reads one row and the few events since. A snapshot is trusted only while the stored event
/// at its version still has the link it names; otherwise the stream is folded from its first event.
extension PostgresOrderEventStore {
    /// Loading a stream that folds at least this many events leaves a snapshot at the head it reached.
    static let eventsBeforeSnapshot = 1_000

    package func head(of orderID: OrderID) throws -> StreamHead {
        try heads(upTo: [orderID: nil], fromSnapshots: true)[orderID] ?? .empty
    }

    package func heads(at versions: [OrderID: Int]) throws -> [OrderID: StreamHead] {
        var heads = try self.heads(upTo: versions.filter { $0.value > 0 }.mapValues { Optional($0) }, fromSnapshots: true)
        for orderID in versions.keys where heads[orderID] == nil { heads[orderID] = .empty }
        return heads
    }

    /// Each stream's head at its version, or its newest when the version is nil.
    private func heads(upTo versions: [OrderID: Int?], fromSnapshots: Bool) throws -> [OrderID: StreamHead] {
        guard !versions.isEmpty else { return [:] }
        let context = versions.count == 1 ? "reading the head of stream \(versions.keys.first!)" : "reading the heads of \(versions.count) streams"
        // A cache: when snapshots cannot be read, the streams are folded from their first event.
        let snapshots = fromSnapshots ? (try? usableSnapshots(of: versions, context: context)) ?? [:] : [:]
        let rows = try eventRows(upTo: versions, from: snapshots, context: context)
        var fold = try Self.fold(rows, from: snapshots, context: context)
        if !fold.unusable.isEmpty {
            let refolded = try self.heads(upTo: versions.filter { fold.unusable.contains($0.key) }, fromSnapshots: false)
            fold.heads.merge(refolded) { _, fromTheStart in fromTheStart }
        }
        for (orderID, count) in fold.folded where count >= Self.eventsBeforeSnapshot && !fold.unusable.contains(orderID) {
            if let head = fold.heads[orderID] { saveSnapshot(of: orderID, at: head, context: context) }
        }
        return fold.heads
    }

    /// The events of each stream from its snapshot's version (or its first) up to the version wanted,
    /// in stream and version order.
    private func eventRows(upTo versions: [OrderID: Int?], from snapshots: [OrderID: UsableSnapshot], context: String) throws -> QueryResult {
        let orderIDs = Array(versions.keys)
        return try connection.query(
            """
            SELECT \(StoredEventRow.columns(of: "e")) FROM events e
            JOIN unnest($1::uuid[], $2::integer[], $3::integer[]) AS wanted (stream_id, first_version, last_version)
              ON e.stream_id = wanted.stream_id AND e.version BETWEEN wanted.first_version AND wanted.last_version
            ORDER BY e.stream_id, e.version
            """,
            [
                PostgresArrayLiteral.literal(orderIDs.map(\.description)),
                PostgresArrayLiteral.literal(orderIDs.map { String(snapshots[$0]?.version ?? 1) }),
                PostgresArrayLiteral.literal(orderIDs.map { String((versions[$0] ?? nil) ?? Int(Int32.max)) }),
            ],
            context: context
        )
    }

    /// What folding the rows gave: the heads reached, how many events each stream folded, and the
    /// streams whose snapshot no longer matches the log (to fold again from their first event).
    private struct HeadsFold {
        var heads: [OrderID: StreamHead] = [:]
        var folded: [OrderID: Int] = [:]
        var unusable: Set<OrderID> = []
    }

    /// Folds each stream's rows onto its snapshot, or onto an empty head when it has none.
    private static func fold(_ result: QueryResult, from snapshots: [OrderID: UsableSnapshot], context: String) throws -> HeadsFold {
        var fold = HeadsFold()
        var reader = StoredStreamReader()
        for index in 0..<result.rowCount {
            let row = QueryRow(result: result, row: index)
            guard let orderID: OrderID = row.identifier(1) else {
                throw UnreadableRow(position: nil, problem: "a malformed stream id", context: context)
            }
            if fold.unusable.contains(orderID) { continue }
            if let type = row.string(4), CustomerEvent.Kind(rawValue: type) != nil, let version = row.integer(2) {
                // A customer's stream: an order command is refused on it, so its sealed events are not read.
                fold.heads[orderID] = .ofCustomerStream(version: Int(version))
                continue
            }
            if fold.heads[orderID] == nil, let snapshot = snapshots[orderID] {
                // The first row is the event the snapshot stands at: it must still carry the snapshot's link.
                let (_, event, hash) = try StoredEventRow.decode(row, context: context)
                guard event.version == snapshot.version, hash == snapshot.hash else {
                    fold.unusable.insert(orderID)
                    continue
                }
                fold.heads[orderID] = StreamHead(version: snapshot.version, hash: snapshot.hash, lastOccurredAt: event.occurredAt, view: snapshot.view)
                reader.resume(orderID, orderCurrency: snapshot.view.order.currency)
                continue
            }
            fold.heads[orderID] = (fold.heads[orderID] ?? .empty).after(try reader.recordedEvent(row, context: context))
            fold.folded[orderID, default: 0] += 1
        }
        // A snapshot whose event is gone altogether (the stream cut below it) gives no row at all.
        for orderID in snapshots.keys where fold.heads[orderID] == nil { fold.unusable.insert(orderID) }
        return fold
    }

    /// A snapshot the head can start from.
    private struct UsableSnapshot {
        let version: Int
        let hash: SHA256Digest
        let view: OrderView
    }

    /// The snapshots of these streams in this build's format, at or below the version wanted.
    private func usableSnapshots(of versions: [OrderID: Int?], context: String) throws -> [OrderID: UsableSnapshot] {
        // Only a load that folded `eventsBeforeSnapshot` events leaves one, so a shorter stream has none:
        // a batch of short streams (most of `submit`) skips the query.
        let candidates = versions.filter { _, version in version.map { $0 >= Self.eventsBeforeSnapshot } ?? true }
        guard !candidates.isEmpty else { return [:] }
        let result = try connection.query(
            "SELECT stream_id, version, hash, state::text FROM stream_snapshots WHERE stream_id = ANY($1::uuid[]) AND format = $2",
            [PostgresArrayLiteral.literal(candidates.keys.map(\.description)), String(StreamSnapshotCodec.format)], context: context
        )
        var snapshots: [OrderID: UsableSnapshot] = [:]
        for index in 0..<result.rowCount {
            let row = QueryRow(result: result, row: index)
            guard let orderID: OrderID = row.identifier(0), let version = row.integer(1).map(Int.init), let hash = row.digest(2),
                  case let .object(state)? = try? row.json(3),
                  let view = StreamSnapshotCodec.decode(state, orderID: orderID, version: version)
            // A snapshot is a cache, not history: one that cannot be read is passed over and its stream is
            // folded from its events, whose every row is read (and refused when unreadable).
            else { continue }
            if let wanted = versions[orderID] ?? nil, version > wanted { continue }
            snapshots[orderID] = UsableSnapshot(version: version, hash: hash, view: view)
        }
        return snapshots
    }

    /// Leaves a snapshot of `head` unless a newer one is there (one of another format, or at the same
    /// version with another link, is replaced). A cache: when it cannot be written (a statement
    /// timeout, say), the command goes on without it.
    private func saveSnapshot(of orderID: OrderID, at head: StreamHead, context: String) {
        guard let view = head.view else { return }
        _ = try? connection.execute(
            """
            INSERT INTO stream_snapshots (stream_id, version, hash, format, state) VALUES ($1, $2, decode($3, 'hex'), $4, $5::jsonb)
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash, format = excluded.format,
                state = excluded.state, taken_at = now()
            WHERE stream_snapshots.version < excluded.version OR stream_snapshots.format <> excluded.format
               OR (stream_snapshots.version = excluded.version AND stream_snapshots.hash <> excluded.hash)
            """,
            [orderID.description, String(head.version), head.hash.hexadecimal, String(StreamSnapshotCodec.format),
             JSONValue.object(StreamSnapshotCodec.encode(view)).serialized()],
            context: "saving a snapshot of stream \(orderID) at version \(head.version) while \(context)"
        )
    }
}
