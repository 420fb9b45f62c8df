import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// `forget_customer` against the customer's appends on other connections: the stream row's lock orders
/// them, so an append that committed first has its row cleared, and one that comes after writes nothing.
@Suite("Forget racing customer appends", .serialized)
struct PostgresCustomerEventStoreForgetRaceTests {
    typealias Fixtures = CustomerStoreFixtures

    /// The one-statement view of a customer that must never show the key gone and the details still there.
    static let keyAndContacts = """
        SELECT (NOT EXISTS (SELECT 1 FROM customer_keys WHERE customer_id = $1))::text,
               (SELECT (forgotten AND name IS NULL AND email IS NULL AND phone IS NULL AND address IS NULL)::text
                FROM customer_contacts WHERE customer_id = $1),
               (SELECT forgotten::text FROM streams WHERE stream_id = $1)
        """

    @Test("rounds of changes racing forget: once the key is gone the contacts row is cleared, and no change is accepted after the forget")
    func changesRacingForget() throws {
        try TestDatabase.with { database in
            let rounds = 30
            let changesPerRound = 6
            let setup = try database.connect()
            var mixedRounds = 0
            for round in 0..<rounds {
                let customer = CustomerID(UUID())
                #expect(try Fixtures.handler(on: setup).handle(Fixtures.register(customer)).acceptedVersion == 1)
                let id = customer.description
                let changes = Locked<[CustomerCommandOutcome]>([])
                let forgetOutcome = Locked<ForgetOutcome?>(nil)
                let forgetDone = Locked(false)
                let samples = Locked<[[String?]]>([])
                let failures = Locked<[String]>([])
                let barrier = Barrier(parties: 3)
                runOnThreads(3) { worker in
                    do {
                        let connection = try database.connect()
                        barrier.arriveAndWait()
                        switch worker {
                        case 0:
                            let handler = Fixtures.handler(on: connection)
                            for change in 0..<changesPerRound {
                                let name = try PersonName("Round \(round) change \(change) Ünïcødé")
                                let outcome = try handler.handle(Fixtures.change(customer, ContactChange(name: name, phone: .set(Fixtures.otherPhone))))
                                changes.mutate { $0.append(outcome) }
                            }
                        case 1:
                            // Somewhere among the changes: spread over the time the writer takes.
                            usleep(UInt32.random(in: 0...UInt32(changesPerRound) * 1_500))
                            let outcome = try PostgresCustomerEventStore(connection: connection).forget(customer)
                            forgetOutcome.mutate { $0 = outcome }
                            forgetDone.mutate { $0 = true }
                        default:
                            // Watches the customer in single statements (single snapshots) while the others run.
                            var finished = false
                            while !finished {
                                finished = forgetDone.value
                                let row = try Fixtures.rows(Self.keyAndContacts, [id], columns: 3, on: connection)[0]
                                samples.mutate { $0.append(row) }
                            }
                        }
                    } catch {
                        failures.mutate { $0.append("worker \(worker): \(error)") }
                    }
                }
                #expect(failures.value == [], "round \(round)")
                #expect(forgetOutcome.value == .forgotten, "round \(round)")

                // Every snapshot the observer took: the key, the cleared row and the mark go together.
                #expect(samples.value.last == ["true", "true", "true"], "round \(round): the last look, after the forget")
                for sample in samples.value {
                    #expect(sample == ["false", "false", "false"] || sample == ["true", "true", "true"], "round \(round): key gone, cleared, forgotten = \(sample)")
                }

                // The writer's answers: accepted ones first, in version order, then only customer_not_found.
                let outcomes = changes.value
                #expect(outcomes.count == changesPerRound)
                let accepted = outcomes.prefix { $0.acceptedVersion != nil }
                #expect(accepted.map(\.acceptedVersion) == accepted.indices.map { $0 + 2 }, "round \(round): \(outcomes)")
                #expect(outcomes.dropFirst(accepted.count).allSatisfy { $0 == .rejected(.customerForgotten) }, "round \(round): \(outcomes)")
                if !accepted.isEmpty && accepted.count < changesPerRound { mixedRounds += 1 }

                // Everything accepted is in the log; nothing else is; nothing readable is left of any of it.
                let version = 1 + accepted.count
                #expect(try Fixtures.storedEvents(of: customer.uuid, on: setup).count == version)
                #expect(try Fixtures.value("SELECT version FROM streams WHERE stream_id = $1", [id], on: setup) == String(version))
                #expect(try Fixtures.contactsRow(of: customer, on: setup) == [nil, nil, nil, nil, "true", String(version)], "round \(round)")
                #expect(try Fixtures.value("SELECT count(*) FROM customer_keys WHERE customer_id = $1", [id], on: setup) == "0")
                // A change accepted after the forget would have left its fingerprint.
                #expect(try Fixtures.value("SELECT count(fingerprint) FROM commands WHERE stream_id = $1", [id], on: setup) == "0", "round \(round)")
                #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE stream_id = $1", [id], on: setup) == String(version))
            }
            // Every customer of every round is forgotten: no plaintext anywhere in the read model.
            #expect(try Fixtures.value(
                "SELECT count(*) FROM customer_contacts WHERE NOT forgotten OR name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL OR address IS NOT NULL",
                on: setup
            ) == "0")
            #expect(try Fixtures.value("SELECT count(*) FROM customer_contacts", on: setup) == String(rounds))
            // Timing decides each round; over all of them the forget must have fallen between changes at
            // least once (about three rounds in four on a 2-core machine), or nothing raced.
            #expect(mixedRounds > 0, "the forget never fell between two changes")
        }
    }

    @Test("a change whose head was read before a forget committed writes nothing and answers customer_not_found")
    func forgetBetweenHeadAndAppend() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let customer = CustomerID(UUID())
            _ = try Fixtures.handler(on: connection).handle(Fixtures.register(customer))
            let rivalConnection = try database.connect()
            var rivalForget: ForgetOutcome?
            let store = CustomerStoreWithRival(connection: connection) {
                rivalForget = try PostgresCustomerEventStore(connection: rivalConnection).forget(customer)
            }
            let handler = CustomerCommandHandler(store: store, clock: Fixtures.now, makeEventID: { EventID(UUID()) })
            let change = Fixtures.change(customer, ContactChange(name: Fixtures.otherName))
            #expect(try handler.handle(change) == .rejected(.customerForgotten))
            #expect(rivalForget == .forgotten)
            // The version had not moved, but the stream had been forgotten: the append counted it as moved.
            #expect(store.appendOutcomes == [.versionConflict(actual: 1)])
            #expect(try Fixtures.storedEvents(of: customer.uuid, on: connection).count == 1)
            #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE command_id = $1", [change.commandID.description], on: connection) == "0")
            #expect(try Fixtures.contactsRow(of: customer, on: connection) == [nil, nil, nil, nil, "true", "1"])
        }
    }

    @Test("a forget that waits for a change still being committed clears the row that change wrote")
    func forgetWaitsForAppendInFlight() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let customer = CustomerID(UUID())
            let id = customer.description
            _ = try Fixtures.handler(on: connection).handle(Fixtures.register(customer))
            let watcher = try database.connectAsOwner()
            func waitingOnLocks() throws -> Int {
                Int(try Fixtures.value(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", [database.name], on: watcher
                ) ?? "") ?? -1
            }
            func waitUntil(_ count: Int) throws {
                let deadline = Date().addingTimeInterval(20)
                while try waitingOnLocks() < count {
                    guard Date() < deadline else { throw WaitedTooLong(count: count) }
                    usleep(2_000)
                }
            }

            // A reader holds the contacts row, so the change stops inside its transaction after moving the
            // stream (and holding its row) and before writing the read model.
            let holder = try database.connect()
            try holder.execute("BEGIN", context: "holding the contacts row")
            try holder.execute("SELECT 1 FROM customer_contacts WHERE customer_id = $1 FOR UPDATE", [id], context: "holding the contacts row")

            let change = Locked<Result<CustomerCommandOutcome, any Error>?>(nil)
            let forget = Locked<Result<ForgetOutcome, any Error>?>(nil)
            let done = DispatchGroup()
            startThread(in: done) {
                let result = Result { try Fixtures.handler(on: try database.connect()).handle(Fixtures.change(customer, ContactChange(name: Fixtures.otherName))) }
                change.mutate { $0 = result }
            }
            try waitUntil(1)
            startThread(in: done) {
                let result = Result { try PostgresCustomerEventStore(connection: try database.connect()).forget(customer) }
                forget.mutate { $0 = result }
            }
            try waitUntil(2)
            #expect(change.value == nil && forget.value == nil, "both should still be waiting")
            try holder.execute("COMMIT", context: "letting the change go on")
            done.wait()

            #expect(try change.value?.get().acceptedVersion == 2)
            #expect(try forget.value?.get() == .forgotten)
            #expect(try Fixtures.contactsRow(of: customer, on: connection) == [nil, nil, nil, nil, "true", "2"])
            #expect(try Fixtures.value("SELECT count(fingerprint) FROM commands WHERE stream_id = $1", [id], on: connection) == "0")
            #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE stream_id = $1", [id], on: connection) == "2")
            #expect(try Fixtures.value("SELECT count(*) FROM customer_keys WHERE customer_id = $1", [id], on: connection) == "0")
        }
    }
}

/// A lock wait that never came.
private struct WaitedTooLong: Error, CustomStringConvertible {
    let count: Int
    var description: String { "fewer than \(count) sessions came to wait on a lock within 20 seconds" }
}
