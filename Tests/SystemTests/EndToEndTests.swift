import DatabaseTestSupport
import Foundation
import JSONCoding
import ReadModelTestSupport
import Testing

@Suite("orderctl end to end", .serialized)
struct EndToEndTests {
    static let fixtures = TestDatabase.repositoryRoot.appendingPathComponent("Fixtures")

    /// Compares submit's output with an expected file; `"commandId":"<generated>"` there matches any generated UUID.
    static func expectMatches(_ actual: [String], expectedFile: String) throws {
        let expected = try String(contentsOf: fixtures.appendingPathComponent(expectedFile), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(actual.count == expected.count, "line count of \(expectedFile)")
        for (actualLine, expectedLine) in zip(actual, expected) {
            var normalized = actualLine
            if expectedLine.contains(#""commandId":"<generated>""#),
               let range = normalized.range(of: #""commandId":"[0-9a-f-]{36}""#, options: .regularExpression) {
                normalized.replaceSubrange(range, with: #""commandId":"<generated>""#)
            }
            #expect(normalized == expectedLine)
        }
    }

    @Test("the contract fixture: every status, rejection and invalid code, exit status 1")
    func contractFixture() throws {
        try TestDatabase.with { database in
            let outcome = try OrderctlProcess.run(["submit", "Fixtures/contract.jsonl", "--database-url", database.url])
            #expect(outcome.status == 1)
            try Self.expectMatches(outcome.outputLines, expectedFile: "contract.expected.jsonl")
            #expect(outcome.standardError.contains("44 lines: 13 accepted, 1 duplicate, 12 rejected, 1 conflict, 17 invalid"))
            // The injection attempt was stored as data, and the tables are all still there.
            let connection = try database.connect()
            let reason = try connection.execute("SELECT payload->>'reason' FROM events WHERE event_type = 'OrderCancelled'", context: "reading")
            #expect(reason.string(row: 0, column: 0) == "'); DROP TABLE events; --")
        }
    }

    @Test("the demo day gives the expected results, and submitting it again answers duplicate for every applied line")
    func demoFixture() throws {
        try TestDatabase.with { database in
            let first = try OrderctlProcess.run(["submit", "Fixtures/demo.jsonl", "--database-url", database.url])
            #expect(first.status == 1)
            try Self.expectMatches(first.outputLines, expectedFile: "demo.expected.jsonl")
            let second = try OrderctlProcess.run(["submit", "Fixtures/demo.jsonl", "--database-url", database.url])
            let statuses = try second.outputLines.map { try #require(try JSONParser.parse($0).objectValue?["status"]?.stringValue) }
            let firstStatuses = try first.outputLines.map { try #require(try JSONParser.parse($0).objectValue?["status"]?.stringValue) }
            for (before, after) in zip(firstStatuses, statuses) where before == "accepted" || before == "duplicate" {
                #expect(after == "duplicate")
            }
        }
    }

    @Test("every batch size gives the demo day's expected results, read models equal to the fold and intact chains", arguments: [1, 3, 1000])
    func batchSizes(batchSize: Int) throws {
        try TestDatabase.with { database in
            let outcome = try OrderctlProcess.run(["submit", "Fixtures/demo.jsonl", "--batch-size", String(batchSize), "--database-url", database.url])
            #expect(outcome.status == 1)
            try Self.expectMatches(outcome.outputLines, expectedFile: "demo.expected.jsonl")
            #expect(try ReadModelExpectations.differences(on: try database.connect()) == [])
            let audit = try OrderctlProcess.run(["audit", "verify", "--database-url", database.url])
            #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
        }
    }

    @Test("a file of good commands exits 0, from standard input too")
    func allAccepted() throws {
        try TestDatabase.with { database in
            let order = UUID().uuidString.lowercased()
            let lines = [
                #"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(UUID().uuidString)","currency":"USD"}"#,
                #"{"type":"AddItem","orderId":"\#(order)","productId":"\#(UUID().uuidString)","quantity":3,"unitPrice":"0.10"}"#,
            ]
            let outcome = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data((lines.joined(separator: "\n") + "\n").utf8))
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.outputLines.count == 2)
            let query = try OrderctlProcess.run(["query", "order", order, "--database-url", database.url])
            #expect(query.status == 0)
            let view = try #require(try JSONParser.parse(query.standardOutput).objectValue)
            #expect(view.keys == ["orderId", "customerId", "status", "currency", "items", "total", "version", "placedAt", "updatedAt"])
            #expect(view["total"] == "0.30")
            #expect(view["status"] == "pending")
            #expect(view["version"] == .integer(2))
            let item = try #require(view["items"]?.arrayValue?.first?.objectValue)
            #expect(item["unitPrice"] == "0.10")
            #expect(item["subtotal"] == "0.30")
            let dash = try OrderctlProcess.run(["submit", "-", "--database-url", database.url], input: Data(lines[0].utf8))
            #expect(dash.status == 1)
            #expect(dash.standardOutput.contains("order_already_exists"))
        }
    }

    @Test("a line over the maximum length is line_too_long, and the line after it still runs")
    func lineTooLong() throws {
        try TestDatabase.with { database in
            let order = UUID().uuidString
            var input = Data(#"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(UUID().uuidString)","currency":"EUR","metadata":{"pad":""#.utf8)
            input.append(Data(repeating: UInt8(ascii: "x"), count: 1_100_000))
            input.append(Data("\"}}\n{\"type\":\"PlaceOrder\",\"orderId\":\"\(order)\",\"customerId\":\"\(UUID().uuidString)\",\"currency\":\"EUR\"}\n".utf8))
            let outcome = try OrderctlProcess.run(["submit", "--database-url", database.url], input: input)
            #expect(outcome.outputLines.count == 2)
            #expect(outcome.outputLines.first?.contains(#""code":"line_too_long""#) == true)
            #expect(outcome.outputLines.first?.contains(#""line":1"#) == true)
            #expect(outcome.outputLines.last?.contains(#""status":"accepted""#) == true)
        }
    }

    @Test("query order: unknown order exits 1, a malformed id exits 2")
    func queryStatuses() throws {
        try TestDatabase.with { database in
            let missing = try OrderctlProcess.run(["query", "order", UUID().uuidString, "--database-url", database.url])
            #expect(missing.status == 1)
            #expect(missing.standardError.contains("not found"))
            let malformed = try OrderctlProcess.run(["query", "order", "42", "--database-url", database.url])
            #expect(malformed.status == 2)
        }
    }

    @Test("usage errors exit 2", arguments: [["submit", "--no-such-option"], ["frobnicate"], ["submit", "/nonexistent/commands.jsonl"], ["query"], ["submit", "--batch-size", "0"]])
    func usageErrors(arguments: [String]) throws {
        let outcome = try OrderctlProcess.run(arguments + ["--database-url", "postgresql:///x?host=/nonexistent"])
        #expect(outcome.status == 2, "\(arguments): \(outcome.standardError)")
        #expect(!outcome.standardError.isEmpty)
    }

    @Test("an unreachable database exits 3 with one line naming the target, without the password", arguments: [
        ["submit", "Fixtures/contract.jsonl"], ["query", "order", "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a"], ["migrate"],
    ])
    func unreachable(arguments: [String]) throws {
        let url = "postgresql://ghost:pa55word@/orders?host=/nonexistent/socket-dir&port=6543"
        let outcome = try OrderctlProcess.run(arguments + ["--database-url", url], hangLimitSeconds: 30)
        #expect(outcome.status == 3)
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("/nonexistent/socket-dir"))
        #expect(outcome.standardError.contains("6543"))
        #expect(outcome.standardError.contains("orders"))
        #expect(outcome.standardError.contains("make db"))
        #expect(!outcome.standardError.contains("pa55word"))
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("an unmigrated database exits 3 and says to migrate; migrate twice is a no-op the second time")
    func schemaMissingThenMigrate() throws {
        try TestDatabase.with(migrated: false) { database in
            let before = try OrderctlProcess.run(["submit", "Fixtures/contract.jsonl", "--database-url", database.url])
            #expect(before.status == 3)
            #expect(before.standardError.contains("orderctl migrate"))
            #expect(before.standardOutput.isEmpty)
            let first = try OrderctlProcess.run(["migrate", "--database-url", database.url])
            #expect(first.status == 0, "\(first.standardError)")
            #expect(first.standardError.contains("applied 001_event_store.sql"))
            let second = try OrderctlProcess.run(["migrate", "--database-url", database.url])
            #expect(second.status == 0)
            #expect(second.standardError.contains("0 applied now"))
        }
    }

    @Test("DATABASE_URL, libpq's PG* variables and key=value strings all reach the database")
    func connectionRules() throws {
        try TestDatabase.with { database in
            let order = UUID().uuidString
            let path = ["PATH": "/usr/bin:/bin"]
            // Exit 1 (order not found) proves each run reached and queried the database.
            let byURL = try OrderctlProcess.run(["query", "order", order], environment: path.merging(["DATABASE_URL": database.url]) { $1 })
            #expect(byURL.status == 1, "\(byURL.standardError)")
            let byLibpqDefaults = try OrderctlProcess.run(["query", "order", order], environment: path.merging(database.libpqEnvironment) { $1 })
            #expect(byLibpqDefaults.status == 1, "\(byLibpqDefaults.standardError)")
            let byKeyValue = try OrderctlProcess.run(["query", "order", order, "--database-url", database.keyValueConnectionString], environment: path)
            #expect(byKeyValue.status == 1, "\(byKeyValue.standardError)")
            // --database-url wins over DATABASE_URL.
            let overridden = try OrderctlProcess.run(
                ["query", "order", order, "--database-url", database.url],
                environment: path.merging(["DATABASE_URL": "postgresql:///nowhere?host=/nonexistent"]) { $1 }
            )
            #expect(overridden.status == 1, "\(overridden.standardError)")
        }
    }

    @Test("a malformed connection string is a usage error that does not repeat the password")
    func malformedConnectionString() throws {
        for url in ["postgresql://ghost:hunter2@[::1/orders", "host=x hunter2", "postgresql://u:hun%zzter2@x/db"] {
            let outcome = try OrderctlProcess.run(["query", "order", UUID().uuidString, "--database-url", url])
            #expect(outcome.status == 2, "\(url)")
            #expect(outcome.standardError.contains("malformed"))
            #expect(!outcome.standardError.contains("hunter2") && !outcome.standardError.contains("zzter"))
        }
    }

    @Test("the connect timeout bounds the whole attempt, however many hosts answer nothing")
    func connectDeadline() throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let port = silent.port
        // libpq alone waits connect_timeout for each of the four hosts: 8 s. orderctl gives up after 2 s in all.
        let url = "host=127.0.0.1,127.0.0.1,127.0.0.1,127.0.0.1 port=\(port),\(port),\(port),\(port) connect_timeout=2 dbname=x"
        let outcome = try OrderctlProcess.run(["query", "order", UUID().uuidString, "--database-url", url], hangLimitSeconds: 6)
        #expect(outcome.status == 3)
        #expect(outcome.standardError.contains("timeout expired after 2 s"))
        #expect(outcome.standardError.split(separator: "\n").count == 1)
    }

    @Test("values PostgreSQL cannot store are invalid lines, and the lines after them still run")
    func unstorableValues() throws {
        try TestDatabase.with { database in
            let order = UUID().uuidString
            let lines = [
                #"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(UUID().uuidString)","currency":"EUR","metadata":{"note":"a\u0000b"}}"#,
                #"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(UUID().uuidString)","currency":"EUR","metadata":{"n":1e999999}}"#,
                #"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(UUID().uuidString)","currency":"EUR"}"#,
                #"{"type":"CancelOrder","orderId":"\#(order)","reason":"\u0000"}"#,
                #"{"type":"CancelOrder","orderId":"\#(order)","reason":"changed my mind"}"#,
            ]
            let outcome = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data(lines.joined(separator: "\n").utf8))
            #expect(outcome.status == 1, "\(outcome.standardError)")
            let statuses = outcome.outputLines.map { $0.contains(#""status":"invalid""#) ? "invalid" : $0.contains(#""status":"accepted""#) ? "accepted" : "other" }
            #expect(statuses == ["invalid", "invalid", "accepted", "invalid", "accepted"])
            #expect(outcome.outputLines[0].contains(#""field":"metadata""#))
            #expect(outcome.outputLines[3].contains(#""field":"reason""#))
        }
    }

    @Test("two submit processes on the same file at once end in the same store as one clean run")
    func concurrentSubmits() throws {
        try TestDatabase.with { database in
            let arguments = ["submit", "Fixtures/demo.jsonl", "--database-url", database.url]
            let first = try OrderctlProcess.launch(arguments)
            let second = try OrderctlProcess.launch(arguments)
            let outcomes = [try first.finish(arguments: arguments), try second.finish(arguments: arguments)]
            let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("demo.expected.jsonl"), encoding: .utf8)
                .split(separator: "\n").map { try #require(try JSONParser.parse(String($0)).objectValue?["status"]?.stringValue) }
            let runs = try outcomes.map { outcome in
                try outcome.outputLines.map { try #require(try JSONParser.parse($0).objectValue?["status"]?.stringValue) }
            }
            #expect(runs.allSatisfy { $0.count == expected.count })
            for (index, status) in expected.enumerated() {
                let pair = runs.map { $0[index] }
                if status == "accepted" {
                    #expect(pair.sorted() == ["accepted", "duplicate"], "line \(index): \(pair)")
                } else {
                    #expect(pair == [status, status], "line \(index): \(pair)")
                }
            }
            let connection = try database.connect()
            let events = try connection.execute("SELECT count(*), count(DISTINCT (stream_id, version)) FROM events", context: "counting")
            #expect(events.integer(row: 0, column: 0) == Int64(expected.filter { $0 == "accepted" }.count))
            #expect(events.integer(row: 0, column: 1) == events.integer(row: 0, column: 0))
            let gaps = try connection.execute(
                "SELECT count(*) FROM (SELECT stream_id, max(version) = count(*) AS contiguous FROM events GROUP BY stream_id) s WHERE NOT contiguous",
                context: "checking versions"
            )
            #expect(gaps.integer(row: 0, column: 0) == 0)
        }
    }

    @Test("migrate refuses a migration file changed after it was applied, with exit status 1")
    func changedMigrationThroughTheCommandLine() throws {
        try TestDatabase.with(migrated: false) { database in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let original = TestDatabase.repositoryRoot.appendingPathComponent("sql/001_event_store.sql")
            let copy = folder.appendingPathComponent("001_event_store.sql")
            try FileManager.default.copyItem(at: original, to: copy)
            let first = try OrderctlProcess.run(["migrate", "--migrations", folder.path, "--database-url", database.url])
            #expect(first.status == 0, "\(first.standardError)")
            try (try String(contentsOf: copy, encoding: .utf8) + "\n-- an edit after the fact\n").write(to: copy, atomically: true, encoding: .utf8)
            let second = try OrderctlProcess.run(["migrate", "--migrations", folder.path, "--database-url", database.url])
            #expect(second.status == 1)
            #expect(second.standardError.contains("001_event_store.sql was changed after it was applied"))
        }
    }
}
