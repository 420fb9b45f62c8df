import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// Claims and records on PostgreSQL: a live runner's claim is its own, a dead runner's is free at once, a
/// stream's notifications go in order, and a forget wins over a send in flight.
@Suite("Delivering notifications on PostgreSQL")
struct NotificationDeliveryTests {
    typealias Fixtures = NotificationStoreFixtures
    typealias Customers = CustomerStoreFixtures

    @Test("a claim held by a live session is skipped by other runners; once that session is gone it is claimed again at once, as the next attempt; the first attempt stays without an outcome")
    func claimsOfLiveAndGoneSessions() throws {
        try TestDatabase.with { database in
            let (first, second, owner) = (try database.connect(), try database.connect(), try database.connectAsOwner())
            _ = try Fixtures.registeredCustomer(email: "claimed@example.com", on: first)
            try Fixtures.prepareEverything(on: first)
            let claimed = try Fixtures.claim(on: first)
            try #require(claimed.count == 1)
            #expect(claimed[0].attempt == 1 && claimed[0].recipient == "claimed@example.com")
            #expect(try Fixtures.claim(on: second).isEmpty, "another runner must not take a live runner's claim")
            #expect(try Fixtures.claim(on: first).isEmpty, "nor the runner itself, twice")

            // The first runner dies mid-send: its session goes, and with it the claim.
            let pid = try Fixtures.backend(of: first)
            _ = try owner.execute("SELECT pg_terminate_backend($1::integer)", [pid], context: "ending the first runner's session")
            let deadline = Date().addingTimeInterval(10)
            while try Customers.value("SELECT count(*) FROM pg_stat_activity WHERE pid = $1::integer", [pid], on: owner) != "0", Date() < deadline { usleep(10_000) }
            let reclaimed = try Fixtures.claim(on: second)
            try #require(reclaimed.count == 1, "the claim of a session that is gone is free at once, lease or not")
            #expect(reclaimed[0].id == claimed[0].id && reclaimed[0].attempt == 2 && reclaimed[0].attemptRecord != claimed[0].attemptRecord)
            try Fixtures.record(.sent(reply: "250 accepted"), of: reclaimed[0], on: second)
            #expect(try Fixtures.states(on: second) == ["welcome sent 2"])
            #expect(try Customers.rows("SELECT attempt::text, outcome FROM notification_attempts ORDER BY attempt_id", columns: 2, on: owner)
                == [["1", nil], ["2", "sent"]], "the dead runner's attempt is kept, its outcome unknown")
        }
    }

    @Test("a claim whose lease ran out is taken by the next runner; the first runner's late record then changes nothing")
    func expiredLease() throws {
        try TestDatabase.with { database in
            let (first, second) = (try database.connect(), try database.connect())
            _ = try Fixtures.registeredCustomer(email: "lease@example.com", on: first)
            try Fixtures.prepareEverything(on: first)
            let slow = try #require(try Fixtures.claim(on: first, leaseSeconds: 0.2).first)
            usleep(300_000)
            let next = try #require(try Fixtures.claim(on: second).first, "a live session's claim is free once its lease has ended")
            #expect(next.id == slow.id && next.attempt == 2)
            try Fixtures.record(.sent(reply: "250 accepted"), of: slow, on: first)
            #expect(try Fixtures.states(on: first) == ["welcome pending 2"], "the late record of attempt 1 does not settle attempt 2")
            try Fixtures.record(.retry(error: "451 later", retryAfterSeconds: 60), of: next, on: second)
            #expect(try Fixtures.states(on: first) == ["welcome failed 2"])
        }
    }

    @Test("a stream's later notification waits while an earlier one is pending or failed, also when due; a dead one no longer holds it back; other streams go on")
    func streamOrder() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let customer = try Fixtures.registeredCustomer(email: "ordered@example.com", on: connection)
            let order = try Fixtures.confirmedOrder(of: customer, then: [.shipOrder(trackingNumber: nil)], on: connection)
            try Fixtures.prepareEverything(on: connection)
            let confirmation = try Fixtures.id(of: .orderConfirmation, in: order.uuid, on: connection)
            let shipped = try Fixtures.id(of: .orderShipped, in: order.uuid, on: connection)

            let firstClaims = try Fixtures.claim(on: connection)
            #expect(Set(firstClaims.map(\.id)) == [confirmation, try Fixtures.id(of: .welcome, in: customer.uuid, on: connection)],
                    "the welcome (another stream) and the confirmation, not the shipping notice")
            for claim in firstClaims where claim.id != confirmation { try Fixtures.record(.sent(reply: "250"), of: claim, on: connection) }
            let confirmationClaim = try #require(firstClaims.first { $0.id == confirmation })
            try Fixtures.record(.retry(error: "451 later", retryAfterSeconds: 3_600), of: confirmationClaim, on: connection)
            #expect(try Fixtures.claim(on: connection).isEmpty, "the shipping notice is due, but its confirmation is still open")

            #expect(try NotificationQueries(connection: connection).retry(.named([confirmation])) == [confirmation])
            let retried = try Fixtures.claim(on: connection)
            #expect(retried.map(\.id) == [confirmation], "due again, and still first")
            try Fixtures.record(.dead(error: "554 no"), of: try #require(retried.first), on: connection)
            // Dead waits for someone to act, possibly never: it must not hold the order's later mail forever.
            #expect(try Fixtures.claim(on: connection).map(\.id) == [shipped])
        }
    }

    @Test("a forget between claim and record wins: the row stays skipped (forgotten) without recipient or message, the attempt's reply is dropped; a dead notification's lastError naming the address is erased too")
    func forgetDuringSend() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let owner = try database.connectAsOwner()
            let email = "forgotten-mid-send@example.com"
            let customer = try Fixtures.registeredCustomer(email: email, on: connection)
            let order = try Fixtures.confirmedOrder(of: customer, on: connection)
            try Fixtures.prepareEverything(on: connection)
            let claims = try Fixtures.claim(on: connection)
            try #require(claims.count == 2)
            let welcome = try #require(claims.first { $0.id == (try? Fixtures.id(of: .welcome, in: customer.uuid, on: connection)) })
            let confirmation = try #require(claims.first { $0.id == (try? Fixtures.id(of: .orderConfirmation, in: order.uuid, on: connection)) })
            // A server's refusal may repeat the address; it becomes the dead notification's lastError.
            try Fixtures.record(.dead(error: "the server answered 550: 5.1.1 <\(email)>: no such user"), of: welcome, on: connection)
            #expect(try Customers.value("SELECT last_error FROM notifications WHERE notification_id = $1::uuid", [welcome.id.description], on: owner)?.contains(email) == true)

            #expect(try PostgresCustomerEventStore(connection: connection).forget(customer) == .forgotten)
            try Fixtures.record(.sent(reply: "250 2.0.0 OK <\(email)>"), of: confirmation, on: connection)
            #expect(try Fixtures.states(on: connection) == ["welcome skipped 1", "order_confirmation skipped 1"])
            #expect(try Customers.rows("SELECT reason, recipient, message, next_attempt_at::text FROM notifications", columns: 4, on: owner)
                == [["forgotten", nil, nil, nil], ["forgotten", nil, nil, nil]])
            #expect(try Customers.rows("SELECT outcome, reply FROM notification_attempts ORDER BY attempt_id", columns: 2, on: owner).allSatisfy { $0[1] == nil })
            let stored = try Customers.rows("SELECT n::text FROM notifications n UNION ALL SELECT a::text FROM notification_attempts a", columns: 1, on: owner)
            #expect(!stored.contains { $0[0]?.contains(email) == true }, "the address is still stored: \(stored)")
        }
    }
}
