import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PostgresClient
@testable import PostgresStore
import ReadModelTestSupport
import Testing

/// The preparer on PostgreSQL: each event's notifications exactly once, however often the log is read, and
/// never past an event that may still commit before the ones read.
@Suite("Preparing notifications on PostgreSQL")
struct NotificationPreparationTests {
    typealias Fixtures = NotificationStoreFixtures

    @Test("preparing again finds nothing; with the checkpoint moved back it reads the same events and inserts no duplicate, leaving every row (a sent one too) as it was")
    func preparationIsIdempotent() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let customer = try Fixtures.registeredCustomer(email: "nora@example.com", on: connection)
            _ = try Fixtures.confirmedOrder(of: customer, then: [.shipOrder(trackingNumber: "T-1")], on: connection)
            let first = try Fixtures.prepareEverything(on: connection)
            #expect(first.first == .prepared(events: 5, pending: 3, skipped: 0, unsendable: 0), "\(first)")
            #expect(first.last == .caughtUp, "\(first)")
            #expect(try Fixtures.prepareEverything(on: connection) == [.caughtUp], "a second preparation has nothing to read")
            #expect(try Fixtures.states(on: connection) == ["welcome pending 0", "order_confirmation pending 0", "order_shipped pending 0"])

            // One of them sent, so that a second preparation has a row to spoil.
            let claim = try #require(try Fixtures.claim(on: connection).first)
            try Fixtures.record(.sent(reply: "250 accepted"), of: claim, on: connection)
            let before = try Fixtures.table(on: connection)

            // As after a crash that lost nothing but a checkpoint's move (which the single transaction rules
            // out), or a checkpoint restored from an old backup.
            try database.connectAsOwner().execute(
                "UPDATE notification_outbox SET checkpoint_transaction_id = '0', checkpoint_position = 0", context: "moving the checkpoint back"
            )
            let again = try Fixtures.prepareEverything(on: connection)
            guard case let .prepared(events, _, _, _) = again.first else {
                Issue.record("the events were not read again: \(again)")
                return
            }
            #expect(events == 5)
            #expect(try Fixtures.table(on: connection) == before, "the same ids, and each row untouched")
        }
    }

    @Test("an event that may still commit before the others holds preparation back: nothing after it is prepared until it commits, and then nothing is skipped")
    func lateCommitIsWaitedFor() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let customer = try Fixtures.registeredCustomer(email: "early@example.com", on: connection)
            try Fixtures.prepareEverything(on: connection)
            #expect(try Fixtures.states(on: connection) == ["welcome pending 0"])

            // Begun before the confirmation below, committed after it: in commit order it comes first.
            let held = try HeldOpenWrite(on: try database.connect(), customer: customer)
            let order = try Fixtures.confirmedOrder(of: customer, on: connection)
            let outcome = try NotificationPreparation(connection: connection).prepareBatch(limit: 2_000, preparer: Fixtures.preparer, now: try Fixtures.now())
            #expect(outcome == .caughtUp || outcome == .busy, "the confirmation is not settled while the held write is open: \(outcome)")
            #expect(try Fixtures.states(on: connection) == ["welcome pending 0"])
            // The held event itself is not visible yet; the order's three events behind it are.
            #expect(try NotificationQueries(connection: connection).status().heldBack >= 3, "status shows the events held back")

            try held.commit()
            try Fixtures.prepareEverything(on: connection)
            #expect(try Fixtures.states(on: connection) == ["welcome pending 0", "order_confirmation pending 0"])
            #expect(try Fixtures.id(of: .orderConfirmation, in: order.uuid, on: connection) == NotificationID(
                eventID: try #require(try CustomerStoreFixtures.value(
                    "SELECT event_id::text FROM events WHERE stream_id = $1::uuid AND event_type = 'OrderConfirmed'", [order.description], on: connection
                ).flatMap(EventID.init)),
                template: .orderConfirmation
            ), "the id derives from the event and the template")
            let status = try NotificationQueries(connection: connection).status()
            #expect(status.lag == 0 && status.heldBack == 0, "every event, the held one too, is behind the checkpoint")
        }
    }
}
