import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import PostgresStore
import ReadModelTestSupport
import Testing

@Suite("orderctl projections", .serialized)
struct ProjectionCommandsTests {
    private static func status(of database: TestDatabase) throws -> [String: JSONValue] {
        let outcome = try OrderctlProcess.run(["projections", "status", "--database-url", database.url])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        var byName: [String: JSONValue] = [:]
        for projection in try JSONParser.parse(outcome.standardOutput).objectValue?["projections"]?.arrayValue ?? [] {
            if let name = projection.objectValue?["name"]?.stringValue { byName[name] = projection }
        }
        return byName
    }

    @Test("rebuild after the orders schema change while three submit processes write: queries answer throughout, rows equal the fold")
    func rebuildWhileWriting() throws {
        try TestDatabase.with { database in
            let preload = RandomCommandMix.submitInput(seed: 1, orders: 60, count: 1_200)
            let loaded = try OrderctlProcess.run(["submit", "--database-url", database.url], input: preload.input)
            #expect(loaded.status == 0 || loaded.status == 1, "\(loaded.standardError)")
            #expect(try Self.status(of: database)["orders"]?.objectValue?["stale"] == .bool(true))

            let writers = try (2...4).map { seed in
                let running = try OrderctlProcess.launch(["submit", "--database-url", database.url])
                try running.send(RandomCommandMix.submitInput(seed: UInt64(seed), orders: 40, count: 500).input)
                return running
            }
            let rebuild = try OrderctlProcess.launch(["projections", "rebuild", "--batch-size", "25", "--database-url", database.url])
            let reader = try database.connect()
            let queries = ReadModelQueries(connection: reader)
            let watched = preload.mix.orders[0]
            var answers = 0
            while rebuild.process.isRunning {
                do {
                    #expect(try queries.order(watched) != nil)
                    _ = try queries.customer(preload.mix.customers[0])
                    _ = try queries.orders(in: .pending)
                    answers += 1
                } catch {
                    Issue.record("query failed during the rebuild: \(error)")
                }
            }
            let outcome = try rebuild.finish(arguments: ["projections", "rebuild"])
            for writer in writers {
                let written = try writer.finish(arguments: ["submit"])
                #expect(written.status == 0 || written.status == 1, "\(written.standardError)")
            }
            #expect(outcome.status == 0, "\(outcome.standardError)")
            // One report per registered read model, verified, then the contacts read model's.
            #expect(outcome.outputLines.count == 4)
            #expect(outcome.outputLines.dropLast().allSatisfy { $0.contains("\"differingRows\":0") }, "\(outcome.standardOutput)")
            #expect(outcome.outputLines.last?.hasPrefix(#"{"name":"contacts","#) == true, "\(outcome.standardOutput)")
            #expect(answers > 0)
            #expect(try ReadModelExpectations.differences(on: reader) == [])
            let after = try Self.status(of: database)
            #expect(ReadModel.allCases.allSatisfy { after[$0.name]?.objectValue?["stale"] == .bool(false) }, "\(after)")
            #expect(after["orders"]?.objectValue?["liveVersion"] == .integer(2))
        }
    }

    @Test("kill -9 in the middle of a rebuild: the live rows are untouched and the next rebuild resumes and finishes")
    func killedRebuild() throws {
        try TestDatabase.with { database in
            let loaded = try OrderctlProcess.run(["submit", "--database-url", database.url], input: RandomCommandMix.submitInput(seed: 5, orders: 80, count: 1_500).input)
            #expect(loaded.status == 0 || loaded.status == 1, "\(loaded.standardError)")
            let connection = try database.connect()
            let rebuild = try OrderctlProcess.launch(["projections", "rebuild", "orders", "--batch-size", "5", "--database-url", database.url])
            let deadline = Date().addingTimeInterval(30)
            var started = false
            while !started, Date() < deadline, rebuild.process.isRunning {
                started = try ProjectionRegistry.all(on: connection).contains { $0.state == .building && $0.checkpoint > .beginning }
            }
            try #require(started, "the rebuild never got going")
            kill(rebuild.process.processIdentifier, SIGKILL)
            rebuild.process.waitUntilExit()

            #expect(try ProjectionRegistry.liveTable(of: .orders, on: connection).name == "orders_v1")
            #expect(try ReadModelExpectations.differences(on: connection) == [])
            let again = try OrderctlProcess.run(["projections", "rebuild", "orders", "--database-url", database.url])
            #expect(again.status == 0, "\(again.standardError)")
            #expect(again.standardOutput.contains("\"resumed\":true"), "\(again.standardOutput)")
            #expect(try ProjectionRegistry.liveTable(of: .orders, on: connection).version == 2)
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("catch-up --follow projects a late commit once it lands, and stops cleanly on SIGTERM")
    func followerWaitsAndStops() throws {
        try TestDatabase.with { database in
            let follower = try OrderctlProcess.launch(["projections", "catch-up", "--follow", "--database-url", database.url])
            try #require(follower.errors.waitForLines(3, seconds: 20), "the follower never reported")
            let connection = try database.connect()
            let writer = try database.connect()
            let customer = CustomerID(UUID())
            let held = try HeldOpenWrite(on: writer, customer: customer)
            let placed = try OrderctlProcess.run(["submit", "--database-url", database.url], input: RandomCommandMix.submitInput(seed: 8, orders: 3, count: 10).input)
            #expect(placed.status == 0 || placed.status == 1, "\(placed.standardError)")
            try held.commit()
            let queries = ReadModelQueries(connection: connection)
            // Generous: the loop ends as soon as the follower is done, and this is no timing test.
            let deadline = Date().addingTimeInterval(90)
            // Every checkpoint reaching the head is the follower's doing alone: nothing else runs catch-up
            // here. (Waiting for it, rather than checking once, allows for other tests' transactions on
            // the cluster, which hold every runner back: the notification tests hold some open for seconds
            // on purpose, and on two loaded cores a CI run has seen the wait pass 20 s.)
            func projectedEverywhere() throws -> Bool {
                try queries.customer(customer) != nil && queries.orders(in: .pending).contains { $0.orderID == held.orderID }
                    && ProjectionRegistry.all(on: connection).allSatisfy { try ProjectionLag.of($0, on: connection).events == 0 }
            }
            while Date() < deadline, try !projectedEverywhere() { usleep(20_000) }
            #expect(try queries.customer(customer)?.orders.map(\.orderID) == [held.orderID])
            #expect(try queries.orders(in: .pending).contains { $0.orderID == held.orderID })

            follower.process.terminate()
            let outcome = try follower.finish(hangLimitSeconds: 20, arguments: ["projections", "catch-up", "--follow"])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.standardError.contains("stopped on request"))
            #expect(try ProjectionRegistry.all(on: connection).allSatisfy { try ProjectionLag.of($0, on: connection).events == 0 })
        }
    }

    @Test("query customer and query status answer in JSON and text; unknown customers exit 1, unknown statuses 2")
    func customerAndStatusQueries() throws {
        try TestDatabase.with { database in
            let fixture = try Data(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("Fixtures/demo.jsonl"))
            _ = try OrderctlProcess.run(["submit", "--database-url", database.url], input: fixture)
            let connection = try database.connect()
            let row = try connection.execute("SELECT customer_id::text, count(*) FROM events JOIN LATERAL (SELECT payload->>'customerId' AS customer_id) c ON true WHERE event_type = 'OrderPlaced' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1", context: "picking a customer")
            let customer = try #require(row.string(row: 0, column: 0))

            let json = try OrderctlProcess.run(["query", "customer", customer, "--database-url", database.url])
            #expect(json.status == 0, "\(json.standardError)")
            let object = try #require(try JSONParser.parse(json.standardOutput).objectValue)
            #expect(object.members.map(\.key) == ["customerId", "contact", "forgotten", "orderCount", "totals", "orders"])
            #expect(object["orderCount"]?.exactInteger == row.integer(row: 0, column: 1))

            let text = try OrderctlProcess.run(["query", "customer", customer, "--format", "text", "--database-url", database.url])
            #expect(text.status == 0)
            #expect(text.standardOutput.contains("customer  \(customer)"))

            let pending = try OrderctlProcess.run(["query", "status", "confirmed", "--format", "text", "--database-url", database.url])
            #expect(pending.status == 0)
            #expect(pending.standardOutput.contains("order"))
            let empty = try OrderctlProcess.run(["query", "status", "delivered", "--database-url", database.url])
            #expect(empty.status == 0)
            #expect(try JSONParser.parse(empty.standardOutput).objectValue?["status"] == .string("delivered"))

            #expect(try OrderctlProcess.run(["query", "customer", UUID().uuidString, "--database-url", database.url]).status == 1)
            #expect(try OrderctlProcess.run(["query", "status", "lost", "--database-url", database.url]).status == 2)
            #expect(try OrderctlProcess.run(["projections", "rebuild", "invoices", "--database-url", database.url]).status == 2)
        }
    }
}
