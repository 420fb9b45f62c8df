import PostgresClient
import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PostgresStore
import ReadModelTestSupport
import Testing

@Suite("Hash chain in PostgreSQL", .serialized)
struct HashChainTests {
    static func breaks(on connection: DatabaseConnection, only: OrderID? = nil) throws -> (ChainAuditReport, [ChainBreak]) {
        var found: [ChainBreak] = []
        let report = try ChainAuditor(connection: connection).verify(only: only) { found.append($0) }
        return (report, found)
    }

    /// Places an order and adds `items` items to it.
    static func order(withItems items: Int, handler: CommandHandler) throws -> OrderID {
        let order = OrderID(UUID())
        _ = try handler.handle(StoreFixtures.place(order))
        for _ in 0..<items { _ = try handler.handle(StoreFixtures.add(to: order)) }
        return order
    }

    @Test("every append stores the link EventChain computes; verify finds the store intact, paging across streams")
    func appendsChain() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            var mix = RandomCommandMix(seed: 31, orderCount: 12)
            for envelope in mix.next(150) { _ = try handler.handle(envelope) }
            let store = PostgresOrderEventStore(connection: connection)
            for order in mix.orders {
                var previous = EventChain.genesis
                for recorded in try store.events(in: order) {
                    let encoded = EventCodec.encode(recorded.event)
                    let chained = ChainedEvent(
                        orderID: order, version: recorded.version, eventID: recorded.eventID, type: encoded.type, schemaVersion: encoded.schemaVersion,
                        payload: encoded.payload, metadata: recorded.metadata, occurredAt: recorded.occurredAt
                    )
                    #expect(recorded.hash == EventChain.link(of: chained, after: previous))
                    previous = recorded.hash
                }
            }
            let (report, found) = try Self.breaks(on: connection)
            let events = try connection.execute("SELECT count(*), count(DISTINCT stream_id) FROM events", context: "counting")
            #expect(found == [])
            #expect(report.intact)
            #expect(report.events == Int(events.integer(row: 0, column: 0) ?? -1))
            #expect(report.streams == Int(events.integer(row: 0, column: 1) ?? -1))
        }
    }

    @Test("tampering as a superuser with the triggers off: a changed payload, a deleted event, swapped versions and a cut tail are each found and named")
    func tamperingIsFound() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            let changed = try Self.order(withItems: 3, handler: handler)
            let deleted = try Self.order(withItems: 3, handler: handler)
            let swapped = try Self.order(withItems: 3, handler: handler)
            let cut = try Self.order(withItems: 3, handler: handler)
            let untouched = try Self.order(withItems: 3, handler: handler)
            try Tampering.rewrite([
                "UPDATE events SET payload = jsonb_set(payload, '{quantity}', '7') WHERE stream_id = '\(changed)' AND version = 2",
                "DELETE FROM events WHERE stream_id = '\(deleted)' AND version = 3",
                "UPDATE events SET version = 100 WHERE stream_id = '\(swapped)' AND version = 2",
                "UPDATE events SET version = 2 WHERE stream_id = '\(swapped)' AND version = 3",
                "UPDATE events SET version = 3 WHERE stream_id = '\(swapped)' AND version = 100",
                "DELETE FROM events WHERE stream_id = '\(cut)' AND version = 4",
            ], on: try database.connectAsOwner())

            let (report, found) = try Self.breaks(on: connection)
            #expect(!report.intact)
            #expect(report.brokenStreams == 4)
            let byStream = Dictionary(uniqueKeysWithValues: found.map { ($0.orderID, $0) })
            #expect(byStream[changed].map { [$0.kind.rawValue, String($0.version)] } == ["changed", "2"])
            #expect(byStream[deleted].map { [$0.kind.rawValue, String($0.version)] } == ["missing", "3"])
            #expect(byStream[swapped].map { [$0.kind.rawValue, String($0.version)] } == ["reordered", "2"])
            #expect(byStream[cut].map { [$0.kind.rawValue, String($0.version)] } == ["missing", "4"])
            #expect(byStream[untouched] == nil)

            let (one, oneFound) = try Self.breaks(on: connection, only: changed)
            #expect(one.streams == 1 && one.events == 4)
            #expect(oneFound.map(\.orderID) == [changed])
            #expect(try Self.breaks(on: connection, only: untouched).0.intact)
        }
    }

    @Test("a stream whose events are all deleted is found by its streams row, alone and among intact streams")
    func emptiedStreamIsFound() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            let emptied = try Self.order(withItems: 2, handler: handler)
            let untouched = try Self.order(withItems: 2, handler: handler)
            try Tampering.rewrite(["DELETE FROM events WHERE stream_id = '\(emptied)'"], on: try database.connectAsOwner())

            let (report, found) = try Self.breaks(on: connection)
            #expect(report.brokenStreams == 1 && report.streams == 2 && report.events == 3)
            #expect(found.map { [$0.orderID.description, $0.kind.rawValue, String($0.version)] } == [[emptied.description, "missing", "1"]])
            let (one, oneFound) = try Self.breaks(on: connection, only: emptied)
            #expect(one.streams == 1 && one.events == 0 && oneFound.map(\.orderID) == [emptied])
            #expect(try Self.breaks(on: connection, only: untouched).0.intact)
        }
    }

    /// Two orders of three events each; the second's metadata rewritten outside the quick path's plain
    /// text (escapes, non-ASCII, a decimal) with its links recomputed, as a store that wrote such
    /// payloads would hold them.
    static func plainAndUnusualOrders(in database: TestDatabase) throws -> (plain: OrderID, unusual: OrderID) {
        let handler = StoreFixtures.handler(on: try database.connect())
        let plain = try order(withItems: 2, handler: handler)
        let unusual = try order(withItems: 2, handler: handler)
        try Tampering.rewrite([
            #"UPDATE events SET metadata = metadata || '{"note": "café \"quoted\"\n", "ratio": 1.50}'::jsonb WHERE stream_id = '\#(unusual)'"#,
        ], on: try database.connectAsOwner())
        try relink(unusual, in: database)
        return (plain, unusual)
    }

    @Test("payloads outside the quick path's plain text (escapes, non-ASCII, decimals) verify alike, and a change in one is still named")
    func unusualPayloadsVerify() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let (plain, unusual) = try Self.plainAndUnusualOrders(in: database)
            let (report, found) = try Self.breaks(on: connection)
            #expect(found == [] && report.intact && report.events == 6)

            try Tampering.rewrite([
                "UPDATE events SET metadata = jsonb_set(metadata, '{ratio}', '1.25') WHERE stream_id = '\(unusual)' AND version = 2",
                "UPDATE events SET payload = jsonb_set(payload, '{quantity}', '9') WHERE stream_id = '\(plain)' AND version = 3",
            ], on: try database.connectAsOwner())
            let (_, broken) = try Self.breaks(on: connection)
            let byStream = Dictionary(uniqueKeysWithValues: broken.map { ($0.orderID, $0) })
            #expect(byStream[unusual].map { [$0.kind.rawValue, String($0.version)] } == ["changed", "2"])
            #expect(byStream[plain].map { [$0.kind.rawValue, String($0.version)] } == ["changed", "3"])
        }
    }

    /// Recomputes every link of `stream` from its stored fields (the slow path's reading), as someone
    /// rewriting history with the triggers off would.
    static func relink(_ stream: OrderID, in database: TestDatabase) throws {
        let lines = try PostgresStorage().open(database.url, for: .bulk).eventLog.lines(of: stream)
        var previous = EventChain.genesis
        var statements: [String] = []
        for link in lines {
            previous = EventChain.link(of: link.event, after: previous)
            statements.append("UPDATE events SET hash = decode('\(previous.hexadecimal)', 'hex') WHERE stream_id = '\(stream)' AND version = \(link.event.version)")
        }
        try Tampering.rewrite(statements, on: try database.connectAsOwner())
    }

    @Test("events written before migration 003 are sealed by migrate, in version order, and then verify as intact")
    func sealingOlderEvents() throws {
        try TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let all = try Migration.load(from: TestDatabase.repositoryRoot.appendingPathComponent("sql"))
            _ = try MigrationRunner(connection: connection).migrate(all.filter { $0.name < "003" })
            let older = try (0..<3).map { _ in try RawEventWriter.placeOrder(customer: StoreFixtures.customer, on: connection, withHash: false) }

            let report = try MigrationRunner(connection: connection).migrate(all)
            #expect(report.sealedEvents == 3)
            #expect(try MigrationRunner(connection: connection).migrate(all).sealedEvents == 0, "sealing happens once")
            let (audit, found) = try Self.breaks(on: connection)
            #expect(found == [])
            #expect(audit.streams == older.count)
            // Sealed is final: the trigger lets a missing hash be set once, never changed.
            #expect(throws: PostgresError.self) {
                try connection.execute("UPDATE events SET hash = sha256('x') WHERE stream_id = $1", [older[0].description], context: "resealing")
            }
        }
    }

    @Test("an insert without its link is refused by the database")
    func insertWithoutHashIsRefused() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            do {
                try RawEventWriter.placeOrder(customer: StoreFixtures.customer, on: connection, withHash: false)
                Issue.record("an event without a hash was stored")
            } catch let error as PostgresError {
                #expect(error.message.contains("has no hash"), "\(error.message)")
            }
        }
    }
}
