import PostgresClient
import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import PostgresStore
import ReadModelTestSupport
import SeededRandomness
import Testing

@Suite("Faults", .serialized)
struct FaultTests {
    /// `make soak` sets ORDERCTL_SOAK_SCALE (10) to run the long versions: more kills, more lines, more rounds.
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["ORDERCTL_SOAK_SCALE"] ?? "") ?? 1)

    /// `Fixtures/generate-orders.sh orders`, written to a temporary file.
    static func generatedCommands(orders: Int) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("orderctl-faults-\(UUID().uuidString).jsonl")
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/sh")
        script.arguments = [TestDatabase.repositoryRoot.appendingPathComponent("Fixtures/generate-orders.sh").path, String(orders)]
        try #require(FileManager.default.createFile(atPath: file.path, contents: nil), "cannot create \(file.path)")
        script.standardOutput = try FileHandle(forWritingTo: file)
        try script.run()
        script.waitUntilExit()
        try #require(script.terminationStatus == 0, "generate-orders.sh failed")
        return file
    }

    /// The store's content that does not depend on when or by which run it was written.
    static func content(of database: TestDatabase) throws -> [String] {
        try content(on: try database.connect())
    }

    /// `content(of:)` through an open connection.
    static func content(on connection: DatabaseConnection) throws -> [String] {
        let events = try connection.execute(
            "SELECT stream_id::text || ' ' || version || ' ' || event_type || ' ' || payload::text FROM events ORDER BY stream_id, version",
            context: "reading events"
        )
        let commands = try connection.execute(
            "SELECT command_id::text || ' ' || stream_id::text || ' ' || result_version FROM commands ORDER BY command_id", context: "reading commands"
        )
        return (0..<events.rowCount).compactMap { events.string(row: $0, column: 0) } + (0..<commands.rowCount).compactMap { commands.string(row: $0, column: 0) }
    }

    @Test("kill -9 of submit at 24 random moments (240 in make soak), then the same file again: the store equals one clean run, every line printed accepted is in it, nothing applied twice")
    func killedSubmit() throws {
        let input = try Self.generatedCommands(orders: 300 * Self.scale)
        defer { try? FileManager.default.removeItem(at: input) }
        let lineCount = 1_500 * Self.scale
        let moments = 24 * Self.scale
        try TestDatabase.with { clean in
            let once = try OrderctlProcess.run(["submit", input.path, "--database-url", clean.url], hangLimitSeconds: 300)
            #expect(once.status == 0, "\(once.standardError)")
            // Kills land within the time a run of the file takes when every line is a duplicate, as most
            // are after the first kills: the file is resumed, never restarted. That keeps the moments
            // inside the run for a debug build and a release build alike.
            let started = ContinuousClock.now
            let again = try OrderctlProcess.run(["submit", input.path, "--database-url", clean.url], hangLimitSeconds: 300)
            let resumedRun = ContinuousClock.now - started
            #expect(again.status == 0, "\(again.standardError)")
            let window = UInt64(max(resumedRun * 3 / 4, .milliseconds(30)) / .microseconds(1))
            try TestDatabase.with { faulty in
                var random = SplitMix64(seed: 2_026)
                var acknowledged: Set<String> = []
                var killedMidway = 0
                var launched = 0
                // On a busy machine a run can end before its kill; more runs are launched then (twice the
                // moments at most), so that the kills that land mid-run are enough whatever the load.
                while launched < moments || (killedMidway < moments * 5 / 6 && launched < moments * 2) {
                    launched += 1
                    let running = try OrderctlProcess.launch(["submit", input.path, "--database-url", faulty.url])
                    usleep(UInt32(10_000 + random.next() % window))
                    if running.process.isRunning { killedMidway += 1 }
                    kill(running.process.processIdentifier, SIGKILL)
                    let outcome = try running.finish(arguments: ["submit"])
                    // A line cut by the kill is not an answer; every complete one is.
                    for line in outcome.standardOutput.split(separator: "\n", omittingEmptySubsequences: true) {
                        guard let result = try? JSONParser.parse(String(line)).objectValue, result["status"] == .string("accepted"),
                              let commandID = result["commandId"]?.stringValue else { continue }
                        acknowledged.insert(commandID)
                    }
                }
                #expect(killedMidway >= moments * 5 / 6, "only \(killedMidway) of \(launched) kills landed while submit was running")
                let connection = try faulty.connect()
                let stored = try connection.execute("SELECT command_id::text FROM commands", context: "reading commands")
                let recorded = Set((0..<stored.rowCount).compactMap { stored.string(row: $0, column: 0) })
                #expect(acknowledged.isSubset(of: recorded), "acknowledged but lost: \(acknowledged.subtracting(recorded).sorted().prefix(5))")

                let rest = try OrderctlProcess.run(["submit", input.path, "--database-url", faulty.url], hangLimitSeconds: 300)
                #expect(rest.status == 0, "\(rest.standardError)")
                #expect(rest.outputLines.count == lineCount)
                let counts = try connection.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM commands)", context: "counting")
                #expect(counts.integer(row: 0, column: 0) == Int64(lineCount), "one event per command, none twice")
                #expect(counts.integer(row: 0, column: 1) == Int64(lineCount))
                #expect(try Self.content(of: faulty) == Self.content(of: clean))
                #expect(try ReadModelExpectations.differences(on: connection) == [])
                #expect(try OrderctlProcess.run(["audit", "verify", "--database-url", faulty.url]).status == 0)
            }
        }
    }

    @Test("eight submit processes on the same hundred orders: every command answered once, none lost, versions contiguous, read models equal the fold")
    func eightWritersOnOneHundredOrders() throws {
        try TestDatabase.with { database in
            let orders = (0..<100).map { _ in UUID().uuidString.lowercased() }
            let placements = orders.map { #"{"type":"PlaceOrder","orderId":"\#($0)","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"# }
            let placed = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data((placements.joined(separator: "\n") + "\n").utf8))
            #expect(placed.status == 0, "\(placed.standardError)")

            var random = SplitMix64(seed: 8)
            let writers = try (0..<8).map { writer in
                var lines: [String] = []
                for round in 0..<(3 * Self.scale) {
                    for order in orders.shuffled(using: &random) {
                        let product = String(format: "0b000000-0000-4000-8000-%012d", writer * 10 + round)
                        lines.append(#"{"type":"AddItem","orderId":"\#(order)","commandId":"\#(UUID().uuidString.lowercased())","productId":"\#(product)","quantity":1,"unitPrice":"1.00"}"#)
                    }
                }
                let running = try OrderctlProcess.launch(["submit", "--database-url", database.url])
                try running.send(Data((lines.joined(separator: "\n") + "\n").utf8))
                return (running, lines.count)
            }
            var accepted: [String] = []
            for (running, count) in writers {
                let outcome = try running.finish(hangLimitSeconds: 300, arguments: ["submit"])
                #expect(outcome.status == 0 || outcome.status == 1, "\(outcome.standardError)")
                let results = outcome.outputLines.compactMap { try? JSONParser.parse($0).objectValue }
                #expect(results.count == count, "every line answered once")
                #expect(results.allSatisfy { $0["status"] == .string("accepted") || $0["status"] == .string("conflict") }, "\(outcome.standardOutput.prefix(400))")
                accepted += results.filter { $0["status"] == .string("accepted") }.compactMap { $0["commandId"]?.stringValue }
            }
            #expect(accepted.count > 2_000 * Self.scale, "most of the \(2_400 * Self.scale) commands get through their retries, \(accepted.count) did")
            let connection = try database.connect()
            let stored = try connection.execute("SELECT command_id::text FROM commands", context: "reading commands")
            let recorded = Set((0..<stored.rowCount).compactMap { stored.string(row: $0, column: 0) })
            #expect(Set(accepted).isSubset(of: recorded))
            let events = try connection.execute("SELECT count(*) FROM events", context: "counting").integer(row: 0, column: 0)
            #expect(events == Int64(100 + accepted.count), "one event per accepted command, none twice")
            #expect(try OrderctlProcess.run(["audit", "verify", "--database-url", database.url]).status == 0, "versions contiguous, every link holds")
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("SQL in every free-text field and metadata is stored and read back as data; identifiers with SQL in them are refused as invalid")
    func sqlInjectionIsData() throws {
        try TestDatabase.with { database in
            let hostile = #"'); DROP TABLE events; --"#
            let quoted = #"x" OR 1=1; DELETE FROM commands; --"#
            let order = UUID().uuidString.lowercased()
            func line(_ object: JSONObject) -> String { JSONValue.object(object).serialized() }
            let lines = [
                line(["type": "PlaceOrder", "orderId": .string(order), "customerId": "0c000000-0000-4000-8000-000000000001", "currency": "EUR",
                      "metadata": [.init(stringLiteral: hostile): .string(quoted), "note": .string(hostile)]] as JSONObject),
                line(["type": "AddItem", "orderId": .string(order), "productId": "0b000000-0000-4000-8000-000000000001", "quantity": 1, "unitPrice": "2.00"]),
                line(["type": "ConfirmOrder", "orderId": .string(order)]),
                line(["type": "ShipOrder", "orderId": .string(order), "trackingNumber": .string(hostile)]),
                line(["type": "CancelOrder", "orderId": .string(hostile), "reason": .string(hostile)]),
                line(["type": "AddItem", "orderId": .string(order), "productId": .string(hostile), "quantity": 1, "unitPrice": "1.00"]),
            ]
            let outcome = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data((lines.joined(separator: "\n") + "\n").utf8))
            let statuses = outcome.outputLines.compactMap { try? JSONParser.parse($0).objectValue?["status"]?.stringValue }
            #expect(statuses == ["accepted", "accepted", "accepted", "accepted", "invalid", "invalid"], "\(outcome.standardOutput)")

            let connection = try database.connect()
            let stored = try connection.execute(
                "SELECT payload ->> 'trackingNumber' FROM events WHERE stream_id = $1 AND event_type = 'OrderShipped'", [order], context: "reading back"
            )
            #expect(stored.string(row: 0, column: 0) == hostile)
            let metadata = try connection.execute(
                "SELECT metadata ->> $2, metadata ->> 'note' FROM events WHERE stream_id = $1 AND version = 1", [order, hostile], context: "reading back"
            )
            #expect(metadata.string(row: 0, column: 0) == quoted)
            #expect(metadata.string(row: 0, column: 1) == hostile)
            let tables = try connection.execute("SELECT count(*) FROM events", context: "the table is still there").integer(row: 0, column: 0)
            #expect(tables == 4)
            let replayed = try OrderctlProcess.run(["replay", order, "--format", "text", "--database-url", database.url])
            #expect(replayed.standardOutput.contains("tracking " + hostile))
            let refused = try OrderctlProcess.run(["query", "order", hostile, "--database-url", database.url])
            #expect(refused.status == 2, "an id that is not a UUID is a usage error before any SQL")
        }
    }

    @Test("a statement_timeout hit in the middle of a command: exit 3 naming the line and the command, nothing of it written, resubmission completes")
    func statementTimeout() throws {
        try TestDatabase.with { database in
            let order = UUID().uuidString.lowercased()
            let place = #"{"type":"PlaceOrder","orderId":"\#(order)","commandId":"\#(UUID().uuidString.lowercased())","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#
            let addID = UUID().uuidString.lowercased()
            let add = #"{"type":"AddItem","orderId":"\#(order)","commandId":"\#(addID)","productId":"0b000000-0000-4000-8000-000000000001","quantity":1,"unitPrice":"1.00"}"#
            #expect(try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data((place + "\n").utf8)).status == 0)

            // Another session holds the stream's row, so the version check waits until the timeout cancels it.
            let holder = try database.connect()
            try holder.execute("BEGIN", context: "locking the stream")
            try holder.execute("SELECT version FROM streams WHERE stream_id = $1 FOR UPDATE", [order], context: "locking the stream")
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "DATABASE_URL")
            environment["PGOPTIONS"] = "-c statement_timeout=300"
            // With a password in the connection string (trust authentication ignores it): no message may repeat it.
            let withPassword = database.url + "&password=s3cret-Pa55word"
            let timedOut = try OrderctlProcess.run(["submit", "--database-url", withPassword], input: Data((add + "\n").utf8), environment: environment)
            try holder.execute("ROLLBACK", context: "releasing the stream")
            #expect(timedOut.status == 3)
            #expect(timedOut.standardError.contains("line 1 (AddItem \(addID) on order \(order))"), "\(timedOut.standardError)")
            #expect(timedOut.standardError.contains("statement timeout"), "\(timedOut.standardError)")
            #expect(timedOut.standardError.contains("57014"), "\(timedOut.standardError)")
            #expect(!timedOut.standardError.contains("s3cret") && !timedOut.standardOutput.contains("s3cret"))
            let connection = try database.connect()
            #expect(try connection.execute("SELECT count(*) FROM events", context: "counting").integer(row: 0, column: 0) == 1)
            #expect(try connection.execute("SELECT count(*) FROM commands WHERE command_id = $1", [addID], context: "counting").integer(row: 0, column: 0) == 0)

            let again = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data((add + "\n").utf8))
            #expect(Self.statuses(again) == ["accepted"])
        }
    }

    @Test("a check constraint violated by a command: exit 3 naming it, no event, command record or read-model row of it, the rest runs on resubmission")
    func checkViolation() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            // A rule added by an operator that this build does not know about.
            let owner = try database.connectAsOwner()
            try owner.execute("ALTER TABLE events ADD CONSTRAINT no_cancellations_today CHECK (event_type <> 'OrderCancelled')", context: "adding a rule")
            let order = UUID().uuidString.lowercased()
            let cancelID = UUID().uuidString.lowercased()
            let lines = [
                #"{"type":"PlaceOrder","orderId":"\#(order)","commandId":"\#(UUID().uuidString.lowercased())","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#,
                #"{"type":"CancelOrder","orderId":"\#(order)","commandId":"\#(cancelID)","reason":"test"}"#,
                #"{"type":"PlaceOrder","orderId":"\#(UUID().uuidString.lowercased())","commandId":"\#(UUID().uuidString.lowercased())","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#,
            ]
            let input = Data((lines.joined(separator: "\n") + "\n").utf8)
            let stopped = try OrderctlProcess.run(["submit", "--database-url", database.url], input: input)
            #expect(stopped.status == 3)
            #expect(Self.statuses(stopped) == ["accepted"], "the result committed before the failure is printed, nothing after it")
            #expect(stopped.standardError.contains("line 2 (CancelOrder \(cancelID) on order \(order))") && stopped.standardError.contains("no_cancellations_today"), "\(stopped.standardError)")
            #expect(try connection.execute("SELECT count(*) FROM events WHERE stream_id = $1", [order], context: "counting").integer(row: 0, column: 0) == 1)
            #expect(try connection.execute("SELECT count(*) FROM commands WHERE command_id = $1", [cancelID], context: "counting").integer(row: 0, column: 0) == 0)
            #expect(try connection.execute("SELECT version FROM streams WHERE stream_id = $1", [order], context: "reading").integer(row: 0, column: 0) == 1)
            #expect(try ReadModelExpectations.differences(on: connection) == [])

            try owner.execute("ALTER TABLE events DROP CONSTRAINT no_cancellations_today", context: "lifting the rule")
            #expect(Self.statuses(try OrderctlProcess.run(["submit", "--database-url", database.url], input: input)) == ["duplicate", "accepted", "accepted"])
        }
    }

    @Test("kill -9 of a catch-up runner midway: every live table stays consistent with its checkpoint, and the next run finishes the job")
    func killedCatchUp() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            // Events written around orderctl (as a tool or a restore might): only catch-up projects them.
            for _ in 0..<400 { try RawEventWriter.placeOrder(customer: CustomerID(UUID()), on: connection) }
            // --follow waits rather than stops while a transaction elsewhere on the cluster holds the events back.
            let runner = try OrderctlProcess.launch(["projections", "catch-up", "--follow", "--batch-size", "3", "--database-url", database.url])
            let deadline = Date().addingTimeInterval(30)
            var moved = false
            while !moved, Date() < deadline, runner.process.isRunning {
                moved = try ProjectionRegistry.all(on: connection).contains { $0.state == .live && $0.checkpoint > .beginning }
            }
            try #require(moved, "the runner never moved a checkpoint")
            kill(runner.process.processIdentifier, SIGKILL)
            _ = try runner.finish(arguments: ["projections", "catch-up"])

            var unfinished = 0
            for entry in try ProjectionRegistry.all(on: connection) where entry.state == .live {
                // Rows and checkpoint move in one transaction: exactly the streams at or below the checkpoint have rows.
                let covered = try connection.execute(
                    "SELECT count(DISTINCT stream_id) FROM events WHERE (transaction_id, global_position) <= ($1::xid8, $2::bigint)",
                    [String(entry.checkpoint.transactionID), String(entry.checkpoint.position)], context: "counting covered streams"
                ).integer(row: 0, column: 0)
                let rows = try connection.execute("SELECT count(*) FROM \"\(entry.tableName)\"", context: "counting rows").integer(row: 0, column: 0)
                #expect(rows == covered, "\(entry.tableName): \(rows ?? -1) rows for \(covered ?? -1) streams at its checkpoint")
                if (covered ?? 0) < 400 { unfinished += 1 }
            }
            #expect(unfinished > 0, "the kill landed after every table was done")
            // The next run finishes; repeated while another test's transaction may hold the last events back.
            let finishBy = Date().addingTimeInterval(30)
            var differences: [String] = ["not caught up yet"]
            while !differences.isEmpty, Date() < finishBy {
                let again = try OrderctlProcess.run(["projections", "catch-up", "--database-url", database.url])
                #expect(again.status == 0, "\(again.standardError)")
                differences = try ReadModelExpectations.differences(on: connection)
            }
            #expect(differences == [])
        }
    }

    @Test("PostgreSQL restarted in the middle of a submit: submit reconnects and finishes, every line answered once; stopped for longer than --reconnect-timeout: exit 3 after every committed result, resubmission completes")
    func serverRestartedAndStopped() throws {
        let first = try Self.generatedCommands(orders: 400)
        defer { try? FileManager.default.removeItem(at: first) }
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        #expect(try OrderctlProcess.run(["migrate", "--database-url", cluster.url]).status == 0)
        let runtimeURL = cluster.url.replacingOccurrences(of: "user=postgres", with: "user=\(RuntimeRole.name)")

        // Batches of 256 (the default is 1,024), so that the 2,000 lines are eight batches and the restart
        // lands in the middle of the run rather than after its second and last batch.
        let running = try OrderctlProcess.launch(["submit", first.path, "--batch-size", "256", "--database-url", runtimeURL])
        try #require(running.output.waitForLines(100, seconds: 60), "submit never got going")
        try cluster.make("db-restart")
        let outcome = try running.finish(hangLimitSeconds: 120, arguments: ["submit"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("reconnected to"), "the restart landed after the end: \(outcome.standardError)")
        let statuses = outcome.outputLines.compactMap { try? JSONParser.parse($0).objectValue?["status"]?.stringValue }
        #expect(statuses.count == 2_000 && Set(statuses) == ["accepted"], "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        let again = try OrderctlProcess.run(["submit", first.path, "--database-url", runtimeURL], hangLimitSeconds: 300)
        #expect(again.status == 0 && again.outputLines.allSatisfy { $0.contains(#""status":"duplicate""#) }, "every line was applied, once")
        try TestDatabase.with { clean in
            #expect(try OrderctlProcess.run(["submit", first.path, "--database-url", clean.url], hangLimitSeconds: 300).status == 0)
            let connection = try ConnectionTarget(databaseURL: cluster.url).connect()
            #expect(try Self.content(on: connection) == Self.content(of: clean))
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
        // Once more from an empty store, with the server stopped for longer than submit waits.
        let connection = try ConnectionTarget(databaseURL: cluster.url).connect()
        try connection.execute("DROP DATABASE IF EXISTS restart_second", context: "preparing")
        try connection.execute("CREATE DATABASE restart_second", context: "preparing")
        let secondOwner = cluster.url.replacingOccurrences(of: "///orderctl?", with: "///restart_second?")
        #expect(try OrderctlProcess.run(["migrate", "--database-url", secondOwner]).status == 0)
        let second = runtimeURL.replacingOccurrences(of: "///orderctl?", with: "///restart_second?")
        let stopping = try OrderctlProcess.launch(["submit", first.path, "--batch-size", "256", "--reconnect-timeout", "2", "--database-url", second])
        try #require(stopping.output.waitForLines(100, seconds: 60), "submit never got going")
        try cluster.make("db-stop")
        let stopped = try stopping.finish(hangLimitSeconds: 120, arguments: ["submit"])
        #expect(stopped.status == 3, "\(stopped.standardError)")
        #expect(stopped.standardError.contains("--reconnect-timeout 2 s") && stopped.standardError.contains("Submit the file again"), "\(stopped.standardError)")
        try cluster.make("db")
        // Every printed result was committed, and every line that was applied answers duplicate now.
        let answered = stopped.outputLines.compactMap { try? JSONParser.parse($0).objectValue?["commandId"]?.stringValue }
        let resumed = try OrderctlProcess.run(["submit", first.path, "--database-url", second], hangLimitSeconds: 300)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let duplicates = Set(resumed.outputLines.compactMap { line -> String? in
            guard let object = try? JSONParser.parse(line).objectValue, object["status"] == .string("duplicate") else { return nil }
            return object["commandId"]?.stringValue
        })
        #expect(Set(answered).isSubset(of: duplicates))
        #expect(try OrderctlProcess.run(["audit", "verify", "--database-url", second]).status == 0)
        #expect(try Self.content(on: try ConnectionTarget(databaseURL: second).connect()) == Self.content(on: try ConnectionTarget(databaseURL: cluster.url).connect()))
    }

    @Test("eight databases migrated at once on a new cluster all succeed, though the runtime role they share is created and altered by whichever comes first")
    func concurrentMigrationsOnANewCluster() throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        let admin = try ConnectionTarget(databaseURL: cluster.url).connect()
        let urls = try (1...8).map { index in
            try admin.execute("CREATE DATABASE concurrent_\(index)", context: "creating a database")
            return cluster.url.replacingOccurrences(of: "///orderctl?", with: "///concurrent_\(index)?")
        }
        let migrations = try urls.map { try OrderctlProcess.launch(["migrate", "--database-url", $0]) }
        for migration in migrations {
            let outcome = try migration.finish(arguments: ["migrate"])
            #expect(outcome.status == 0, "\(outcome.standardError)")
        }
        for url in urls {
            let runtime = url.replacingOccurrences(of: "user=postgres", with: "user=\(RuntimeRole.name)")
            #expect(try OrderctlProcess.run(["projections", "status", "--database-url", runtime]).status == 0)
        }
    }

    static func statuses(_ outcome: OrderctlOutcome) -> [String] {
        outcome.outputLines.compactMap { try? JSONParser.parse($0).objectValue?["status"]?.stringValue }
    }
}
