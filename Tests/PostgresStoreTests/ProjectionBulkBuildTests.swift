import PostgresClient
import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import PostgresStore
import ReadModelTestSupport
import Testing

@Suite("Projection bulk build", .serialized)
struct ProjectionBulkBuildTests {
    @Test("the bulk pass builds the log up to its head, and the commit-order catch-up takes what writers add after it")
    func bulkPassThenCatchUp() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let writer = try database.connect()
            var mix = RandomCommandMix(seed: 5, orderCount: 20)
            let handler = StoreFixtures.handler(on: connection)
            for envelope in mix.next(200) { _ = try handler.handle(envelope) }
            let eventsBefore = try Self.count("events", on: connection)

            var writtenAfterBulk = false
            let report = try ProjectionRebuilder(connection: connection, batchSize: 1_000).rebuild(.orders, progress: { progress in
                guard progress.phase == .building, !writtenAfterBulk else { return }
                writtenAfterBulk = true
                // Past the bulk pass's head: orders already built and a new one, which only the catch-up sees.
                _ = try? Self.writeSettled(mix.next(40) + [StoreFixtures.place(OrderID(UUID()))], on: writer)
            })
            #expect(writtenAfterBulk)
            let eventsAfter = try Self.count("events", on: connection)
            #expect(eventsAfter > eventsBefore)
            #expect(report.events == eventsAfter, "every event projected once: \(report.events) of \(eventsAfter)")
            #expect(report.verification.matches)
            #expect(report.verification.rows == 21)
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("one bulk pass fills every read model rebuilt together; each is caught up, verified and switched, reported in the order asked")
    func oneBulkPassForEveryReadModel() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let writer = try database.connect()
            var mix = RandomCommandMix(seed: 23, orderCount: 20)
            let handler = StoreFixtures.handler(on: connection)
            for envelope in mix.next(200) { _ = try handler.handle(envelope) }

            var writtenAfterBulk = false
            var reports: [RebuildReport] = []
            try ProjectionRebuilder(connection: connection, batchSize: 1_000).rebuild([.statuses, .orders, .customers], progress: { progress in
                guard progress.phase == .building, !writtenAfterBulk else { return }
                writtenAfterBulk = true
                // Past the shared pass's head: only each table's commit-order catch-up sees these.
                _ = try? Self.writeSettled(mix.next(40) + [StoreFixtures.place(OrderID(UUID()))], on: writer)
            }, reported: { reports.append($0) })
            #expect(writtenAfterBulk)
            let eventsAfter = try Self.count("events", on: connection)
            #expect(reports.map(\.readModel) == [.statuses, .orders, .customers])
            for report in reports {
                #expect(report.events == eventsAfter, "\(report.readModel.name): every event projected once: \(report.events) of \(eventsAfter)")
                #expect(report.verification.matches)
                #expect(report.verification.rows == 21)
                #expect(!report.resumed)
            }
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("a built row whose version is off, a row missing, or a row for an order the log does not have (counted once) fails the verification, and the live read model stays")
    func wrongVersionsFailVerification() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            var mix = RandomCommandMix(seed: 17, orderCount: 12)
            for envelope in mix.next(120) { _ = try handler.handle(envelope) }
            let live = try ProjectionRegistry.liveTable(of: .statuses, on: connection)
            let spoilings = [
                ("version + 1", "UPDATE %@ SET version = version + 1 WHERE order_id = (SELECT min(order_id::text)::uuid FROM %@)", 2, 12),
                ("deleted", "DELETE FROM %@ WHERE order_id = (SELECT min(order_id::text)::uuid FROM %@)", 1, 11),
                (
                    "for no order",
                    """
                    INSERT INTO %@ SELECT gen_random_uuid(), customer_id, status, currency, total_minor_units, item_count, version, placed_at, updated_at
                    FROM %@ LIMIT 1
                    """,
                    1, 13
                ),
            ]
            for (name, statement, differing, rows) in spoilings {
                do {
                    _ = try ProjectionRebuilder(connection: connection).rebuild(.statuses, progress: { progress in
                        guard progress.phase == .verifying else { return }
                        _ = try? Self.spoilBuildingTable(with: statement, on: connection)
                    })
                    Issue.record("the build with a row \(name) was switched in")
                } catch let ProjectionRebuildError.verificationFailed(_, verification) {
                    #expect(verification.differingRows == differing, "\(name)")
                    #expect(verification.rows == rows, "\(name)")
                    #expect(verification.expectedRows == 12, "\(name)")
                }
                #expect(try ProjectionRegistry.liveTable(of: .statuses, on: connection) == live)
            }
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("the bulk pass loads each table without its indexes and builds them after: the rebuilt tables have their primary key and lookup index")
    func bulkBuiltTablesKeepTheirIndexes() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            var mix = RandomCommandMix(seed: 29, orderCount: 10)
            for envelope in mix.next(100) { _ = try handler.handle(envelope) }
            try ProjectionRebuilder(connection: connection).rebuild([.orders, .customers, .statuses], reported: { _ in })
            let expected: [(ReadModel, [String])] = [
                (.orders, ["CREATE UNIQUE INDEX %@_pkey ON public.%@ USING btree (order_id)"]),
                (.customers, [
                    "CREATE INDEX %@_lookup ON public.%@ USING btree (customer_id, placed_at, order_id)",
                    "CREATE UNIQUE INDEX %@_pkey ON public.%@ USING btree (order_id)",
                ]),
                (.statuses, [
                    "CREATE INDEX %@_lookup ON public.%@ USING btree (status, updated_at, order_id)",
                    "CREATE UNIQUE INDEX %@_pkey ON public.%@ USING btree (order_id)",
                ]),
            ]
            for (readModel, definitions) in expected {
                let table = try ProjectionRegistry.liveTable(of: readModel, on: connection)
                let indexes = try connection.execute(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname", [table.name], context: "listing indexes"
                )
                let found = (0..<indexes.rowCount).compactMap { indexes.string(row: $0, column: 0) }
                #expect(found == definitions.map { $0.replacingOccurrences(of: "%@", with: table.name) }, "\(readModel.name)")
                let key = try connection.execute(
                    "SELECT count(*) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'", ["\"\(table.name)\""], context: "finding the key"
                )
                #expect(key.integer(row: 0, column: 0) == 1, "\(readModel.name) has its primary key")
            }
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("a payload the fold cannot read, in place or parsed, stops the bulk pass naming the event, and the live read model stays")
    func unreadablePayloadStopsTheBulkPass() throws {
        try TestDatabase.with { database in
            let (damaged, _, _) = try UnreadableRowTests.damagedStore(database)
            let connection = try database.connect()
            let live = try ProjectionRegistry.liveTable(of: .orders, on: connection)
            let error = #expect(throws: (any Error).self) {
                _ = try ProjectionRebuilder(connection: connection).rebuild(.orders)
            }
            let description = String(describing: error)
            #expect(description.contains("stream \(damaged) at version 2") && description.contains("not a JSON object"), "\(description)")
            #expect(try ProjectionRegistry.liveTable(of: .orders, on: connection) == live)
        }
    }

    @Test("a row the catch-up wrote after the bulk pass's head is compared with a fresh fold, column for column")
    func rowsCaughtUpAfterTheHeadAreRefolded() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let writer = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            for _ in 0..<5 { _ = try handler.handle(StoreFixtures.place(OrderID(UUID()))) }
            let late = OrderID(UUID())
            var written = false
            do {
                _ = try ProjectionRebuilder(connection: connection).rebuild(.orders, progress: { progress in
                    switch progress.phase {
                    case .building where !written:
                        written = true
                        _ = try? Self.writeSettled([StoreFixtures.place(late), StoreFixtures.add(to: late)], on: writer)
                    case .verifying:
                        _ = try? Self.spoilBuildingTable(
                            with: "UPDATE %@ SET total_minor_units = total_minor_units + 1 WHERE order_id = '\(late)'", on: connection
                        )
                    default: break
                    }
                })
                Issue.record("the build with a spoiled row was switched in")
            } catch let ProjectionRebuildError.verificationFailed(_, verification) {
                #expect(verification.differingRows == 2)
                #expect(verification.rows == 6)
            }
            #expect(written)
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("interrupted in the middle of the bulk pass: nothing of it is kept, the live rows are untouched, and the next rebuild starts it again")
    func interruptedBulkPassKeepsNothing() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            var mix = RandomCommandMix(seed: 23, orderCount: 15)
            for envelope in mix.next(150) { _ = try handler.handle(envelope) }
            let live = try ProjectionRegistry.liveTable(of: .orders, on: connection)

            var reported = 0
            let rebuilder = ProjectionRebuilder(connection: connection, batchSize: 10)
            #expect(throws: ProjectionRebuildError.interrupted(.orders)) {
                _ = try rebuilder.rebuild(.orders, progress: { if $0.phase == .building { reported = $0.eventsDone } }, shouldStop: { reported >= 30 })
            }
            #expect(reported >= 30 && reported < 150, "stopped inside the bulk pass, after \(reported) events")
            #expect(try ProjectionRegistry.liveTable(of: .orders, on: connection) == live)
            let building = try #require(try ProjectionRegistry.all(on: connection).first { $0.state == .building })
            #expect(building.checkpoint == .beginning)
            #expect(try Self.count("\"\(building.tableName)\"", on: connection) == 0)

            let report = try rebuilder.rebuild(.orders)
            #expect(report.resumed)
            #expect(report.verification.matches)
            #expect(report.verification.rows == 15)
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("a runner skips a table whose runner lock another holds, as a bulk pass does for seconds, instead of waiting")
    func runnersSkipALockedTable() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let holder = try database.connect()
            _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(OrderID(UUID())))
            let statuses = try #require(try ProjectionRegistry.all(on: connection).first { $0.name == "statuses" && $0.state == .live })
            try holder.execute("BEGIN", context: "holding the runner lock")
            // The runner lock's keys ("orc2" and the registry id), as a bulk pass holds them.
            try holder.execute("SELECT pg_advisory_xact_lock(1869767730, $1::int)", [String(statuses.id)], context: "holding the runner lock")
            let runner = ProjectionRunner(connection: connection)
            #expect(try runner.runBatch(registryID: statuses.id, limit: 100) == .busy)
            #expect(try runner.catchUp(registryID: statuses.id) == 0)
            try holder.execute("COMMIT", context: "releasing the runner lock")
            #expect(try runner.runBatch(registryID: statuses.id, limit: 100) != .busy)
        }
    }

    /// Handles the commands on `connection`, then waits until no transaction could still commit below them.
    private static func writeSettled(_ envelopes: [CommandEnvelope], on connection: DatabaseConnection) throws {
        let handler = StoreFixtures.handler(on: connection)
        for envelope in envelopes { _ = try handler.handle(envelope) }
        // Transaction ids are cluster-wide: a test beside this one may hold the newest events back a moment.
        guard let head = try ProjectionRunner.newestCommittedEvent(on: connection) else { return }
        let deadline = Date().addingTimeInterval(20)
        try ProjectionRunner(connection: connection).waitUntilSettled(through: head, shouldStop: { Date() > deadline }) { _ in }
    }

    /// Runs `statement` with the building table's name in place of each `%@`.
    private static func spoilBuildingTable(with statement: String, on connection: DatabaseConnection) throws {
        guard let building = try ProjectionRegistry.all(on: connection).first(where: { $0.state == .building }) else { return }
        let name = "\"\(building.tableName)\""
        try connection.execute(statement.replacingOccurrences(of: "%@", with: name), context: "spoiling the built table")
    }

    private static func count(_ table: String, on connection: DatabaseConnection) throws -> Int {
        Int(try connection.execute("SELECT count(*) FROM \(table)", context: "counting \(table)").integer(row: 0, column: 0) ?? -1)
    }
}
