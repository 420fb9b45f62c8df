import DatabaseTestSupport
import Foundation
import JSONCoding
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
            try Tampering.rewrite(["UPDATE events SET occurred_at = occurred_at - interval '1 day' WHERE stream_id = '\(stream)' AND version = 1"], on: connection)
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

    static func events(in stream: String, on connection: DatabaseConnection) throws -> Int {
        Int(try connection.execute("SELECT count(*) FROM events WHERE stream_id = $1", [stream], context: "counting").integer(row: 0, column: 0) ?? -1)
    }
}
