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

@Suite("Projections", .serialized)
struct ProjectionTests {
    @Test(
        "every read model equals a fresh fold of the log after a random mix of commands, whichever way a rebuild's first pass reads the log",
        arguments: [11, 2024, 90_210] as [UInt64], [ProjectionRebuilder.FirstPass.wholeStreams, .commitOrderBatches]
    )
    func readModelsEqualTheFold(seed: UInt64, firstPass: ProjectionRebuilder.FirstPass) throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            var mix = RandomCommandMix(seed: seed, orderCount: 25)
            var accepted = 0
            for envelope in mix.next(300) {
                if case .accepted = try handler.handle(envelope) { accepted += 1 }
            }
            #expect(accepted > 60, "the mix should apply a good share of its commands, applied \(accepted)")
            // Inline: written with each append.
            #expect(try ReadModelExpectations.differences(on: connection) == [])
            // Rebuilt from the log at the current versions, verified, switched.
            let rebuilder = ProjectionRebuilder(connection: connection, batchSize: 37, firstPass: firstPass)
            for readModel in ReadModel.allCases {
                let report = try rebuilder.rebuild(readModel)
                #expect(report.verification.matches)
                #expect(report.verification.rows == 25)
            }
            #expect(try ReadModelExpectations.differences(on: connection) == [])
            // More commands after the switch land in the new tables.
            for envelope in mix.next(100) { _ = try handler.handle(envelope) }
            #expect(try ReadModelExpectations.differences(on: connection) == [])
            #expect(try ProjectionRegistry.all(on: connection).allSatisfy { $0.state == .live && $0.version == ReadModel(name: $0.name)?.currentVersion })
        }
    }

    @Test("catch-up waits for a held-open writing transaction, then projects its event exactly once")
    func catchUpWaitsForLateCommits() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let writer = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            for _ in 0..<3 { _ = try handler.handle(StoreFixtures.place(OrderID(UUID()))) }
            let held = try HeldOpenWrite(on: writer, customer: StoreFixtures.customer)
            // Committed after the held transaction began: a higher transaction id, readable only after it.
            let later = OrderID(UUID())
            _ = try handler.handle(StoreFixtures.place(later))
            _ = try handler.handle(StoreFixtures.add(to: later))

            let runner = ProjectionRunner(connection: connection)
            let customers = try #require(try ProjectionRegistry.all(on: connection).first { $0.name == "customers" && $0.state == .live })
            // Transaction ids are cluster-wide: a short transaction of a test running beside this one
            // (in another database) also holds the runner back for a moment. Keep catching up until the
            // expected count arrives or time runs out; an event read twice would overshoot it.
            func catchUp(until expected: Int) throws -> Int {
                var total = 0
                let deadline = Date().addingTimeInterval(20)
                while total < expected, Date() < deadline {
                    total += try runner.catchUp(registryID: customers.id, batchSize: 2)
                    if total < expected { usleep(20_000) }
                }
                return total
            }
            let first = try catchUp(until: 3)
            let waiting = try #require(try ProjectionRegistry.entry(id: customers.id, on: connection))
            #expect(first == 3)
            #expect(waiting.checkpoint.transactionID < held.transactionID)
            let lag = try ProjectionLag.of(waiting, on: connection)
            // The two later events are committed but wait behind the held one (which is not visible yet).
            #expect(lag == ProjectionLag(events: 2, heldBack: 2))
            #expect(try ReadModelQueries(connection: connection).customer(StoreFixtures.customer)?.orders.contains { $0.orderID == held.orderID } == false)
            // Nothing more while it stays open.
            #expect(try runner.runBatch(registryID: customers.id, limit: 100) == .caughtUp)

            try held.commit()
            let second = try catchUp(until: 3)
            #expect(first + second == 6, "every event read exactly once")
            let done = try #require(try ProjectionRegistry.entry(id: customers.id, on: connection))
            #expect(try ProjectionLag.of(done, on: connection) == ProjectionLag(events: 0, heldBack: 0))
            #expect(try ReadModelQueries(connection: connection).customer(StoreFixtures.customer)?.orders.contains { $0.orderID == held.orderID } == true)
        }
    }

    @Test("a rebuild interrupted between commit-order batches leaves the live rows untouched, and the next rebuild resumes it")
    func interruptedRebuildResumes() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            var mix = RandomCommandMix(seed: 7, orderCount: 20)
            for envelope in mix.next(200) { _ = try handler.handle(envelope) }
            let before = try ProjectionRegistry.liveTable(of: .orders, on: connection)
            #expect(before.version == 1)

            var built = 0
            let rebuilder = ProjectionRebuilder(connection: connection, batchSize: 10, firstPass: .commitOrderBatches)
            #expect(throws: ProjectionRebuildError.interrupted(.orders)) {
                _ = try rebuilder.rebuild(.orders, progress: { built = $0.eventsDone }, shouldStop: { built >= 30 })
            }
            #expect(try ProjectionRegistry.liveTable(of: .orders, on: connection) == before)
            #expect(try ReadModelExpectations.differences(on: connection) == [])
            let building = try #require(try ProjectionRegistry.all(on: connection).first { $0.state == .building })
            #expect(building.checkpoint > .beginning)

            // Writers go on in between; the resumed build takes their events too.
            for envelope in mix.next(50) { _ = try handler.handle(envelope) }
            let report = try rebuilder.rebuild(.orders)
            #expect(report.resumed)
            #expect(report.verification.matches)
            #expect(try ProjectionRegistry.liveTable(of: .orders, on: connection).version == 2)
            #expect(try ReadModelExpectations.differences(on: connection) == [])
            let tables = try connection.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'orders_v1'", context: "listing tables")
            #expect(tables.integer(row: 0, column: 0) == 0, "the replaced table is dropped")
        }
    }

    @Test("a build whose rows differ from the fold is discarded and the live read model kept")
    func failedVerificationDiscardsTheBuild() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            var mix = RandomCommandMix(seed: 99, orderCount: 10)
            for envelope in mix.next(80) { _ = try handler.handle(envelope) }
            let rebuilder = ProjectionRebuilder(connection: connection, batchSize: 1_000)
            // Stop once every event is built, before the verification: no later batch can mend the row spoiled below.
            let events = try #require(try connection.execute("SELECT count(*) FROM events", context: "counting events").integer(row: 0, column: 0))
            var stop = false
            #expect(throws: ProjectionRebuildError.self) {
                _ = try rebuilder.rebuild(.statuses, progress: { if $0.eventsDone >= events { stop = true } }, shouldStop: { stop })
            }
            let building = try #require(try ProjectionRegistry.all(on: connection).first { $0.state == .building })
            // A bug or a stray write: one built row no longer matches the log.
            try connection.execute("UPDATE \"\(building.tableName)\" SET total_minor_units = total_minor_units + 1 WHERE order_id = (SELECT order_id FROM \"\(building.tableName)\" ORDER BY order_id LIMIT 1)", context: "spoiling a row")
            do {
                _ = try rebuilder.rebuild(.statuses)
                Issue.record("the spoiled build was switched in")
            } catch let ProjectionRebuildError.verificationFailed(readModel, verification) {
                #expect(readModel == .statuses)
                #expect(verification.differingRows == 2)
            }
            #expect(try ProjectionRegistry.all(on: connection).contains { $0.state == .building } == false)
            #expect(try ReadModelExpectations.differences(on: connection) == [])
            #expect(try rebuilder.rebuild(.statuses).verification.matches, "a fresh build succeeds")
        }
    }

    @Test("a rebuild waits for an open transaction older than the log's head, so it verifies every event committed before it began")
    func rebuildWaitsForTheHead() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let holder = try database.connect()
            try holder.execute("BEGIN", context: "opening a long transaction")
            let held = try holder.execute("SELECT pg_current_xact_id()::text", context: "taking a transaction id").string(row: 0, column: 0)
            let handler = StoreFixtures.handler(on: connection)
            for _ in 0..<3 { _ = try handler.handle(StoreFixtures.place(OrderID(UUID()))) }

            var waitedFor: [String?] = []
            let report = try ProjectionRebuilder(connection: connection, batchSize: 1).rebuild(.statuses, progress: { progress in
                guard progress.phase == .waiting else { return }
                if waitedFor.isEmpty { _ = try? holder.execute("COMMIT", context: "ending the long transaction") }
                waitedFor.append(progress.blockingTransaction?.transactionID)
            })
            #expect(!waitedFor.isEmpty, "the rebuild never waited")
            // The oldest open transaction is named: ours, unless a test running beside holds an older one.
            #expect(held != nil && waitedFor.first != nil, "\(waitedFor)")
            #expect(report.verification.rows == 3)
            #expect(report.verification.matches)
        }
    }

    @Test("catch-up reads transaction ids in numeric order where they gain a digit (999 before 1,000)")
    func transactionIDsOrderAsNumbers() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            // Written as another tool would, stamped with chosen transaction ids on either side of a digit
            // boundary, which sorts the other way as text. The boundary lies below every transaction id
            // handed out so far, so both count as settled (a new cluster is near 1,000, a busy one far past).
            let current = try #require(
                UInt64(try connection.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", context: "reading xmin").string(row: 0, column: 0) ?? "")
            )
            var boundary: UInt64 = 10
            while boundary * 10 < current { boundary *= 10 }
            let earlier = try RawEventWriter.placeOrder(customer: StoreFixtures.customer, on: connection, transactionID: boundary - 1)
            let later = try RawEventWriter.placeOrder(customer: StoreFixtures.customer, on: connection, transactionID: boundary)
            // Commit-order batches of one: the bulk pass reads in stream order and would not notice.
            let rebuilder = ProjectionRebuilder(connection: connection, batchSize: 1, firstPass: .commitOrderBatches)
            let report = try rebuilder.rebuild(.statuses)
            #expect(report.verification.matches)
            #expect(report.verification.checkpoint.transactionID == boundary)
            let projected = try ReadModelQueries(connection: connection).orders(in: .pending).map(\.orderID)
            #expect(Set(projected) == [earlier, later])
        }
    }

    @Test("an append refuses to run when a live read model is of a version this build cannot write")
    func appendRefusesUnknownLiveVersion() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("UPDATE projections SET version = 9 WHERE name = 'customers' AND state = 'live'", context: "pretending a newer orderctl rebuilt customers")
            do {
                _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(OrderID(UUID())))
                Issue.record("the append went through without maintaining customers")
            } catch let error as PostgresError {
                #expect(error.kind == .schemaOutdated)
                #expect(error.message.contains("customers read model is live at version 9"))
            }
            #expect(try connection.execute("SELECT count(*) FROM events", context: "counting").integer(row: 0, column: 0) == 0)
        }
    }
}
