import PostgresClient
import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PostgresStore
import ReadModelTestSupport
import Testing

@Suite("Stream heads from snapshots", .serialized)
struct StreamSnapshotTests {
    @Test("loading a long stream leaves a snapshot; later loads start from it and give the same head as a fold from the first event")
    func longStreamLeavesASnapshot() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let store = PostgresOrderEventStore(connection: connection)
            let order = try Self.longStream(events: 1_101, on: connection)
            #expect(try Self.snapshotVersion(of: order, on: connection) == nil)

            let folded = StreamHead(folding: try store.events(in: order))
            #expect(folded.version == 1_101)
            #expect(try store.head(of: order) == folded)
            #expect(try Self.snapshotVersion(of: order, on: connection) == 1_101)
            #expect(try store.head(of: order) == folded, "from the snapshot")

            // It really starts from the snapshot: a mark put into the stored state shows in the head.
            try Self.owner(database).execute(
                "UPDATE stream_snapshots SET state = jsonb_set(state, '{status}', '\"confirmed\"') WHERE stream_id = $1", [order.description], context: "marking"
            )
            #expect(try store.head(of: order).view?.order.status == .confirmed)
            #expect(folded.view?.order.status == .pending)

            // Events after the snapshot are folded onto it.
            try Self.owner(database).execute("DELETE FROM stream_snapshots", context: "dropping the mark")
            _ = try store.head(of: order)
            let handler = StoreFixtures.handler(on: connection)
            _ = try handler.handle(StoreFixtures.add(quantity: 3, price: "1.50", to: order))
            _ = try handler.handle(StoreFixtures.envelope(.confirmOrder, for: order))
            let after = try store.head(of: order)
            #expect(after == StreamHead(folding: try store.events(in: order)))
            #expect(after.version == 1_103)
            #expect(try Self.snapshotVersion(of: order, on: connection) == 1_101, "two events since: not worth a new one")
            // At an older version the snapshot is too new to start from.
            let earlier = try store.heads(at: [order: 1_000])[order]
            #expect(earlier == StreamHead(folding: try store.events(in: order).prefix { $0.version <= 1_000 }))
        }
    }

    @Test("a snapshot whose link no longer matches the stored event, or of another format, is ignored and replaced")
    func unfitSnapshotsAreIgnored() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let store = PostgresOrderEventStore(connection: connection)
            let order = try Self.longStream(events: 1_001, on: connection)
            let folded = try store.head(of: order)
            let spoilings = [
                "UPDATE stream_snapshots SET hash = decode(repeat('ab', 32), 'hex'), state = jsonb_set(state, '{status}', '\"cancelled\"')",
                "UPDATE stream_snapshots SET format = format + 1, state = jsonb_set(state, '{status}', '\"cancelled\"')",
                "UPDATE stream_snapshots SET state = '{\"lines\": 7}'",
            ]
            for spoiling in spoilings {
                try Self.owner(database).execute(spoiling, context: "spoiling the snapshot")
                #expect(try store.head(of: order) == folded, "\(spoiling)")
                let stored = try connection.execute(
                    "SELECT format, encode(hash, 'hex'), state->>'status' FROM stream_snapshots WHERE stream_id = $1", [order.description], context: "reading"
                )
                if spoiling.contains("'{\"lines\": 7}'") {
                    // Unreadable but fitting the log: ignored, and left (a fold of the same version does not replace it).
                    #expect(stored.string(row: 0, column: 2) == nil)
                } else {
                    #expect(stored.string(row: 0, column: 0) == String(StreamSnapshotCodec.format), "\(spoiling)")
                    #expect(stored.string(row: 0, column: 1) == folded.hash.hexadecimal, "\(spoiling)")
                    #expect(stored.string(row: 0, column: 2) == "pending", "\(spoiling)")
                }
            }
            // The stream cut below its snapshot (as an attacker could): no event at the snapshot's version
            // or after it, so nothing to check the link against. The head is the fold of what is left.
            try Self.owner(database).execute("DELETE FROM stream_snapshots", context: "starting over")
            #expect(try store.head(of: order) == folded)
            #expect(try Self.snapshotVersion(of: order, on: connection) == 1_001)
            try Tampering.rewrite(["DELETE FROM events WHERE stream_id = '\(order)' AND version > 990"], on: try Self.owner(database))
            let left = StreamHead(folding: try store.events(in: order))
            #expect(left.version == 990)
            #expect(try store.head(of: order) == left)
        }
    }

    @Test("a stream resumed from a snapshot still upcasts the old-shaped events after it with the currency its OrderPlaced named")
    func resumedStreamsUpcast() throws {
        try TestDatabase.with { database in
            let owner = try database.connectAsOwner()
            let feed = try String(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("Fixtures/legacy-feed.jsonl"), encoding: .utf8)
            let lines = feed.split(separator: "\n").enumerated().map { index, text in
                (number: index + 1, line: FeedLine.parse((try? JSONParser.parse(String(text))) ?? .null))
            }
            var remaining = lines[...]
            _ = try EventLogImport(connection: owner).run(nextLine: { remaining.popFirst() }, keys: [:])
            let connection = try database.connect()
            let store = PostgresOrderEventStore(connection: connection)
            // The first stream of the legacy feed: OrderPlaced, then ItemAdded of schema 1 (no currency).
            let order = try #require(OrderID("023bf18d-d90f-5822-83c3-071e5845a098"))
            let events = try store.events(in: order)
            #expect(events.count >= 3)
            let atTwo = StreamHead(folding: events.prefix(2))
            let state = try #require(atTwo.view.map(StreamSnapshotCodec.encode))
            try owner.execute(
                "INSERT INTO stream_snapshots (stream_id, version, hash, format, state) VALUES ($1, 2, decode($2, 'hex'), $3, $4::jsonb)",
                [order.description, atTwo.hash.hexadecimal, String(StreamSnapshotCodec.format), JSONValue.object(state).serialized()], context: "snapshotting"
            )
            #expect(try store.head(of: order) == StreamHead(folding: events))
        }
    }

    /// A new order with `events` events: placed, then items added and removed in turn (written in batches).
    private static func longStream(events: Int, on connection: DatabaseConnection) throws -> OrderID {
        let order = OrderID(UUID())
        let product = ProductID(UUID())
        let handler = StoreFixtures.handler(on: connection)
        var envelopes = [StoreFixtures.place(order)]
        for index in 1..<events {
            envelopes.append(index % 2 == 1 ? StoreFixtures.add(product, quantity: 2, to: order) : StoreFixtures.envelope(.removeItem(product: product, quantity: 1), for: order))
        }
        for start in stride(from: 0, to: envelopes.count, by: 250) {
            let batch = Array(envelopes[start..<min(start + 250, envelopes.count)])
            let outcomes = try handler.handle(together: batch) ?? batch.map { try handler.handle($0) }
            #expect(outcomes.allSatisfy { if case .accepted = $0 { true } else { false } })
        }
        return order
    }

    private static func snapshotVersion(of order: OrderID, on connection: DatabaseConnection) throws -> Int? {
        try connection.execute("SELECT version FROM stream_snapshots WHERE stream_id = $1", [order.description], context: "reading the snapshot")
            .integer(row: 0, column: 0).map(Int.init)
    }

    private static func owner(_ database: TestDatabase) throws -> DatabaseConnection {
        try database.connectAsOwner()
    }
}
