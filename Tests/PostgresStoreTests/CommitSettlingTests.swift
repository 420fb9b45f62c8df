import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

@Suite("Settling cut-off commits and reading one's own writes", .serialized)
struct CommitSettlingTests {
    @Test("receipts name the event each applied command appended, and nothing for a command never applied; the last position follows the log")
    func receiptsAndLastPosition() throws {
        try TestDatabase.with { database in
            let session = try PostgresStorage().open(database.url, for: .everyday)
            #expect(try session.commits.lastPosition() == 0)
            let handler = StoreFixtures.handler(on: try database.connect())
            let order = OrderID(UUID())
            let placement = StoreFixtures.place(order)
            let addition = StoreFixtures.add(to: order)
            _ = try handler.handle(placement)
            _ = try handler.handle(addition)
            let never = CommandID(UUID())

            let receipts = try session.commits.receipts(ofCommands: [placement.commandID, addition.commandID, never])
            let stored = try database.connect().execute(
                "SELECT event_type, version, global_position FROM events WHERE stream_id = $1 ORDER BY version", [order.description], context: "reading"
            )
            #expect(receipts.count == 2)
            #expect(receipts[placement.commandID] == EventReceipt(type: "OrderPlaced", version: 1, position: try #require(stored.integer(row: 0, column: 2))))
            #expect(receipts[addition.commandID] == EventReceipt(type: "ItemAdded", version: 2, position: try #require(stored.integer(row: 1, column: 2))))
            #expect(receipts[never] == nil)
            #expect(try session.commits.lastPosition() == stored.integer(row: 1, column: 2))
        }
    }

    @Test("confirming earlier commits on a server without a synchronous standby returns at once and records when")
    func confirmationWithoutStandby() throws {
        try TestDatabase.with { database in
            let session = try PostgresStorage().open(database.url, for: .everyday)
            let before = try database.connect().execute("SELECT confirmed_at FROM commit_confirmations", context: "reading").string(row: 0, column: 0)
            try session.commits.confirmEarlierCommits(timeoutSeconds: 5)
            let after = try database.connect().execute("SELECT confirmed_at FROM commit_confirmations", context: "reading").string(row: 0, column: 0)
            #expect(before != after)
        }
    }

    @Test("a primary shows a position once its event is committed, and says how far it got before")
    func visibilityOnAPrimary() throws {
        try TestDatabase.with { database in
            let session = try PostgresStorage().open(database.url, for: .everyday)
            let handler = StoreFixtures.handler(on: try database.connect())
            _ = try handler.handle(StoreFixtures.place(OrderID(UUID())))
            let last = try session.commits.lastPosition()
            #expect(try session.eventLog.visibility(of: last) == PositionVisibility(isShowing: true, lastPosition: last, secondsSinceLastReplay: nil))
            #expect(try session.eventLog.visibility(of: last + 10) == PositionVisibility(isShowing: false, lastPosition: last, secondsSinceLastReplay: nil))
        }
    }

    @Test("a session that must accept writes refuses a read-only server, saying read-only; a reading one takes it")
    func readOnlyServerRefusedForWrites() throws {
        try TestDatabase.with { database in
            // A read-only session is what libpq's read-write check sees on a standby too.
            let readOnly = database.url + "&options=-c%20default_transaction_read_only%3Don"
            do {
                _ = try PostgresStorage().open(readOnly, for: .everyday, access: .writing)
                Issue.record("a read-only server was taken for writing")
            } catch let failure as StoreFailure {
                #expect(failure.kind == .unreachable)
                #expect(failure.description.contains("read-only"), "\(failure)")
            }
            let reading = try PostgresStorage().open(readOnly, for: .everyday, access: .reading)
            #expect(try reading.commits.lastPosition() == 0)
            // Told to take any server, a writer meets the refusal at its first write: readOnly, which submit reconnects from.
            let anyServer = readOnly + "&target_session_attrs=any"
            let handler = StoreFixtures.handler(on: try ConnectionTarget(databaseURL: anyServer, requirement: .acceptingWrites).connect())
            do {
                _ = try handler.handle(StoreFixtures.place(OrderID(UUID())))
                Issue.record("a read-only session wrote")
            } catch let failure as PostgresError {
                #expect(StoreFailure(failure).kind == .readOnly, "\(failure)")
            }
        }
    }
}
