import PostgresClient
import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import OrderService
import PostgresStore
import ReadModelTestSupport
import Testing

@Suite("orderctl audit", .serialized)
struct AuditCommandsTests {
    @Test("audit verify: exit 0 and an intact summary; after tampering exit 1, each broken stream named as found, then the summary")
    func verify() throws {
        try TestDatabase.with { database in
            let submitted = try OrderctlProcess.run(["submit", "Fixtures/demo.jsonl", "--database-url", database.url])
            #expect(submitted.status == 0 || submitted.status == 1, "\(submitted.standardError)")
            let intact = try OrderctlProcess.run(["audit", "verify", "--database-url", database.url])
            #expect(intact.status == 0, "\(intact.standardError)")
            let summary = try JSONParser.parse(intact.outputLines.last ?? "").objectValue
            #expect(summary?["intact"] == .bool(true))
            #expect(summary?["brokenStreams"] == .integer(0))
            #expect((summary?["events"]?.exactInteger ?? 0) > 10)

            let connection = try database.connect()
            let stream = try #require(try connection.execute("SELECT stream_id FROM events ORDER BY global_position LIMIT 1", context: "picking a stream").string(row: 0, column: 0))
            try Tampering.rewrite(["UPDATE events SET occurred_at = occurred_at - interval '1 day' WHERE stream_id = '\(stream)' AND version = 1"], on: try database.connectAsOwner())
            let broken = try OrderctlProcess.run(["audit", "verify", "--database-url", database.url])
            #expect(broken.status == 1)
            #expect(broken.outputLines.count == 2, "\(broken.standardOutput)")
            let first = try JSONParser.parse(broken.outputLines.first ?? "").objectValue
            #expect(first?["streamId"] == .string(stream))
            #expect(first?["version"] == .integer(1))
            #expect(first?["break"] == .string("changed"))
            #expect(try JSONParser.parse(broken.outputLines.last ?? "").objectValue?["intact"] == .bool(false))

            let text = try OrderctlProcess.run(["audit", "verify", stream, "--format", "text", "--database-url", database.url])
            #expect(text.status == 1)
            #expect(text.outputLines.first?.hasPrefix("BROKEN  \(stream)  version 1  changed: ") == true, "\(text.standardOutput)")
            #expect(text.outputLines.last == "BROKEN: 1 of 1 streams, \(try Self.events(in: stream, on: connection)) events")

            let unknown = try OrderctlProcess.run(["audit", "verify", UUID().uuidString, "--database-url", database.url])
            #expect(unknown.status == 1)
            #expect(unknown.standardError.contains("not found"))
        }
    }

    static let expected = TestDatabase.repositoryRoot.appendingPathComponent("Fixtures/legacy-feed.expected")
    static let firstOrder = "023bf18d-d90f-5822-83c3-071e5845a098"
    static let secondOrder = "47413ca7-8853-5df0-870f-238b0b721aa6"
    static let thirdOrder = "44c89ad8-9731-5c3f-a47f-166ca0bbabad"
    static let anna = "152f1ed7-2727-5269-a7f0-773bd0783ff7"

    /// Runs orderctl and compares its standard output with a hand-checked file of `Fixtures/legacy-feed.expected`.
    static func expectOutput(_ arguments: [String], on database: TestDatabase, equals file: String) throws {
        let outcome = try OrderctlProcess.run(arguments + ["--database-url", database.url])
        #expect(outcome.status == 0, "\(arguments): \(outcome.standardError)")
        let wanted = try String(contentsOf: expected.appendingPathComponent(file), encoding: .utf8)
        #expect(outcome.standardOutput == wanted, "orderctl \(arguments.joined(separator: " ")) differs from \(file)")
    }

    @Test("the legacy feed (ItemAdded v1) imports, verifies, replays, answers as of a moment and projects as hand-checked in Fixtures")
    func legacyFeed() throws {
        try TestDatabase.with { database in
            // Loading history into an empty store is the owner's job; everything after runs as the runtime role.
            let imported = try OrderctlProcess.run(["import", "Fixtures/legacy-feed.jsonl", "--database-url", database.ownerURL])
            #expect(imported.status == 0, "\(imported.standardError)")
            #expect(imported.outputLines == [#"{"events":13,"streams":3}"#])
            let verified = try OrderctlProcess.run(["audit", "verify", "--database-url", database.url])
            #expect(verified.status == 0)
            #expect(verified.outputLines == [#"{"intact":true,"streams":3,"events":13,"brokenStreams":0}"#])

            try Self.expectOutput(["replay", Self.firstOrder, "--format", "text"], on: database, equals: "replay-order-1.txt")
            try Self.expectOutput(["replay", Self.secondOrder, "--format", "text"], on: database, equals: "replay-order-2.txt")
            try Self.expectOutput(["replay", Self.firstOrder, "--to-version", "3"], on: database, equals: "replay-order-1-to-version-3.jsonl")
            try Self.expectOutput(["query", "order", Self.firstOrder, "--as-of", "2025-03-03T09:00:00Z"], on: database, equals: "query-order-1-as-of-2025-03-03T09.json")
            try Self.expectOutput(["query", "customer", Self.anna, "--as-of", "2025-03-03T09:00:00Z"], on: database, equals: "query-customer-anna-as-of-2025-03-03T09.json")
            // The read models, projected by import's catch-up through the upcaster.
            try Self.expectOutput(["query", "customer", Self.anna], on: database, equals: "query-customer-anna.json")
            // As of a moment after the whole feed, the log answers exactly as the read model does (both orders, in placement order).
            try Self.expectOutput(["query", "customer", Self.anna, "--as-of", "2025-04-01"], on: database, equals: "query-customer-anna.json")
            try Self.expectOutput(["query", "order", Self.thirdOrder], on: database, equals: "query-order-3.json")
            #expect(try ReadModelExpectations.differences(on: try database.connect()) == [])

            let before = try OrderctlProcess.run(["replay", Self.firstOrder, "--as-of", "2025-03-01T00:00:00Z", "--database-url", database.url])
            #expect(before.status == 1)
            #expect(before.standardError.contains("had not been placed as of 2025-03-01T00:00:00.000000Z"))
            let unknown = try OrderctlProcess.run(["replay", UUID().uuidString, "--database-url", database.url])
            #expect(unknown.status == 1)
            #expect(unknown.standardError.contains("not found"))

            let exported = try OrderctlProcess.run(["export", "--database-url", database.url])
            let feed = try String(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("Fixtures/legacy-feed.jsonl"), encoding: .utf8)
            #expect(exported.standardOutput == feed, "exporting the imported feed gives it back byte for byte")
        }
    }

    @Test("export, then import into a fresh database: the chains verify and every read model answers the same")
    func exportImportRoundTrip() throws {
        try TestDatabase.with { source in
            let (input, mix) = RandomCommandMix.submitInput(seed: 77, orders: 15, count: 250)
            _ = try OrderctlProcess.run(["submit", "--database-url", source.url], input: input)
            let exported = try OrderctlProcess.run(["export", "--database-url", source.url])
            #expect(exported.status == 0)
            try TestDatabase.with { target in
                let imported = try OrderctlProcess.run(["import", "--database-url", target.ownerURL], input: Data(exported.standardOutput.utf8))
                #expect(imported.status == 0, "\(imported.standardError)")
                #expect(try OrderctlProcess.run(["audit", "verify", "--database-url", target.url]).status == 0)
                #expect(try ReadModelExpectations.differences(on: try target.connect()) == [])
                for order in mix.orders {
                    let arguments = ["query", "order", order.description, "--database-url"]
                    #expect(try OrderctlProcess.run(arguments + [source.url]).standardOutput == OrderctlProcess.run(arguments + [target.url]).standardOutput)
                }
                for customer in mix.customers {
                    let arguments = ["query", "customer", customer.description, "--database-url"]
                    #expect(try OrderctlProcess.run(arguments + [source.url]).standardOutput == OrderctlProcess.run(arguments + [target.url]).standardOutput)
                }
                #expect(try OrderctlProcess.run(["export", "--database-url", target.url]).standardOutput == exported.standardOutput)
            }
        }
    }

    @Test("export --from-position, --type and --since, alone and together, keep exactly the matching lines of the whole export, in its order")
    func exportFilters() throws {
        try TestDatabase.with { database in
            let (input, _) = RandomCommandMix.submitInput(seed: 78, orders: 10, count: 150)
            _ = try OrderctlProcess.run(["submit", "--database-url", database.url], input: input)
            let whole = try OrderctlProcess.run(["export", "--database-url", database.url]).outputLines
            let parsed = try whole.map { try #require(try JSONParser.parse($0).objectValue) }
            #expect(parsed.count > 40)
            let middlePosition = try #require(parsed[parsed.count / 2]["position"]?.exactInteger)
            let middleTime = try #require(parsed[parsed.count / 3]["occurredAt"]?.stringValue)
            func expected(from position: Int64? = nil, type: String? = nil, since: String? = nil) -> [String] {
                zip(whole, parsed).filter { _, object in
                    (position.map { (object["position"]?.exactInteger ?? 0) >= $0 } ?? true)
                        && (type.map { object["type"]?.stringValue == $0 } ?? true)
                        && (since.map { (object["occurredAt"]?.stringValue ?? "") >= $0 } ?? true)
                }.map(\.0)
            }
            let cases: [([String], [String])] = [
                (["--from-position", String(middlePosition)], expected(from: middlePosition)),
                (["--type", "ItemAdded"], expected(type: "ItemAdded")),
                (["--since", middleTime], expected(since: middleTime)),
                (["--from-position", String(middlePosition), "--type", "ItemAdded", "--since", middleTime], expected(from: middlePosition, type: "ItemAdded", since: middleTime)),
            ]
            for (options, lines) in cases {
                let filtered = try OrderctlProcess.run(["export", "--database-url", database.url] + options)
                #expect(filtered.status == 0, "\(options): \(filtered.standardError)")
                #expect(!lines.isEmpty && lines.count < whole.count, "\(options) should keep some lines, not all")
                #expect(filtered.outputLines == lines, "\(options)")
            }
        }
    }

    @Test("a feed with one altered byte, a gap, a stream out of order or a bad line is refused whole: exit 1, the earliest broken line named, the store left empty")
    func brokenFeedsAreRefused() throws {
        let feed = try String(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("Fixtures/legacy-feed.jsonl"), encoding: .utf8)
        var lines = feed.split(separator: "\n").map(String.init)
        let altered = lines[9].replacingOccurrences(of: #""quantity":2"#, with: #""quantity":3"#)
        #expect(altered != lines[9])
        let cases: [(feed: [String], message: String)] = [
            (Array(lines[..<9]) + [altered] + Array(lines[10...]), "line 10: stream 44c89ad8-9731-5c3f-a47f-166ca0bbabad version 2: the hash does not match"),
            (lines.enumerated().filter { $0.offset != 3 }.map(\.element), "goes from version 2 to 4"),
            // Streams are checked one at a time, in id order; the break reported is still the earliest line's.
            (Array(lines[..<9]) + [altered, lines[10].replacingOccurrences(of: "UPS-1Z999", with: "UPS-1Z998")] + Array(lines[11...]), "line 10: stream 44c89ad8"),
            ([lines[1], lines[0]] + Array(lines[2...]), "line 1: stream 023bf18d-d90f-5822-83c3-071e5845a098 starts at version 2, not 1"),
            // The break a check in feed order meets first: the gap on line 3 (version 3 after 1), not the
            // altered version 2 after it on line 4, though the check runs in version order.
            ([lines[0], lines[2], lines[3], lines[1].replacingOccurrences(of: "39.9", with: "39.8")] + Array(lines[4...]),
             "line 3: stream 023bf18d-d90f-5822-83c3-071e5845a098 goes from version 1 to 3"),
            (Array(lines[..<5]) + [#"{"position":6}"#] + Array(lines[5...]), "line 6: streamId is missing"),
            (Array(lines[..<2]) + ["not json"], "line 3: not valid JSON"),
            (lines.map { $0.replacingOccurrences(of: #""hash""#, with: #""extra":1,"hash""#) }, #"line 1: unknown field "extra""#),
            // Well formed and correctly linked, but PostgreSQL cannot store it: refused by the server, still exit 1.
            ([Self.linkedLine(payload: ["customerId": .string(UUID().uuidString.lowercased()), "currency": "EUR", "note": "nul\u{0}byte"])], "the database refused the feed"),
        ]
        lines.removeAll()
        try TestDatabase.with { database in
            for (broken, message) in cases {
                let outcome = try OrderctlProcess.run(["import", "--database-url", database.ownerURL], input: Data((broken.joined(separator: "\n") + "\n").utf8))
                #expect(outcome.status == 1)
                #expect(outcome.standardError.contains("import refused, nothing stored") && outcome.standardError.contains(message), "\(outcome.standardError)")
                let count = try database.connect().execute("SELECT count(*) FROM events", context: "counting").integer(row: 0, column: 0)
                #expect(count == 0)
            }
        }
    }

    /// An `OrderPlaced` feed line with a correct link, whatever its payload.
    static func linkedLine(payload: JSONObject) -> String {
        let event = ChainedEvent(
            orderID: OrderID(UUID()), version: 1, eventID: EventID(UUID()), type: "OrderPlaced", schemaVersion: 1,
            payload: payload, metadata: ["commandId": "c"], occurredAt: Timestamp(microsecondsSinceEpoch: 0)
        )
        return JSONValue.object(FeedLine(position: 1, event: event, hash: EventChain.link(of: event, after: EventChain.genesis)).json).serialized()
    }

    static func events(in stream: String, on connection: DatabaseConnection) throws -> Int {
        Int(try connection.execute("SELECT count(*) FROM events WHERE stream_id = $1", [stream], context: "counting").integer(row: 0, column: 0) ?? -1)
    }
}
