import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import ReadModelTestSupport
import Testing

@Suite("orderctl export --follow")
struct ExportFollowTests {
    private static func eventCount(in database: TestDatabase) throws -> Int {
        Int(try database.connect().execute("SELECT count(*) FROM events", context: "counting events").integer(row: 0, column: 0) ?? 0)
    }

    @Test("export --follow prints a late commit in its place in commit order, never skipping it; --after-position resumes without a gap or a repeat; SIGTERM exits 0")
    func followsALateCommit() throws {
        try TestDatabase.with { database in
            let first = try OrderctlProcess.run(["submit", "--database-url", database.url], input: RandomCommandMix.submitInput(seed: 3, orders: 3, count: 12).input)
            #expect(first.status == 0 || first.status == 1, "\(first.standardError)")
            let follower = try OrderctlProcess.launch(["export", "--follow", "--database-url", database.url])
            try #require(follower.output.waitForLines(try Self.eventCount(in: database), seconds: 60), "the follower never printed the history")

            // A write held open: its transaction began before the submit below, so in commit order its event
            // comes first, though it commits last and its position is lower than none of theirs.
            let held = try HeldOpenWrite(on: try database.connect(), customer: CustomerID(UUID()))
            let later = try OrderctlProcess.run(["submit", "--database-url", database.url], input: RandomCommandMix.submitInput(seed: 4, orders: 2, count: 8).input)
            #expect(later.status == 0 || later.status == 1, "\(later.standardError)")
            // Long enough for a follower that did not wait for the held write to print the later events first.
            usleep(1_500_000)
            try held.commit()
            try #require(follower.output.waitForLines(try Self.eventCount(in: database), seconds: 60), "the follower never printed every event")

            follower.process.terminate()
            let outcome = try follower.finish(hangLimitSeconds: 20, arguments: ["export", "--follow"])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            // Exactly what a whole export prints now, in the same order: nothing skipped, nothing twice.
            let whole = try OrderctlProcess.run(["export", "--database-url", database.url])
            #expect(outcome.outputLines == whole.outputLines)
            let heldIndex = try #require(outcome.outputLines.firstIndex { $0.contains(#""streamId":"\#(held.orderID)""#) })
            let laterIndexes = outcome.outputLines.indices.filter { index in
                later.outputLines.contains { result in
                    guard let stream = try? JSONParser.parse(result).objectValue?["orderId"]?.stringValue else { return false }
                    return outcome.outputLines[index].contains(#""streamId":"\#(stream)""#)
                }
            }
            #expect(!laterIndexes.isEmpty && laterIndexes.allSatisfy { $0 > heldIndex }, "an event that committed after the held one began came before it")

            // Resuming after the held event's line gives exactly the lines after it.
            let heldPosition = try #require(try JSONParser.parse(outcome.outputLines[heldIndex]).objectValue?["position"]?.exactInteger)
            let resumed = try OrderctlProcess.run(["export", "--after-position", String(heldPosition), "--database-url", database.url])
            #expect(resumed.status == 0, "\(resumed.standardError)")
            #expect(resumed.outputLines == Array(outcome.outputLines[(heldIndex + 1)...]))
            let unknown = try OrderctlProcess.run(["export", "--after-position", "999999", "--database-url", database.url])
            #expect(unknown.status == 1 && unknown.standardError.contains("no event has position 999999"), "\(unknown.standardError)")
            // A filtered feed resumes with its filters: the lines after the held one that pass them.
            let filtered = try OrderctlProcess.run(["export", "--after-position", String(heldPosition), "--type", "OrderPlaced", "--database-url", database.url])
            #expect(filtered.outputLines == Array(outcome.outputLines[(heldIndex + 1)...]).filter { $0.contains(#""type":"OrderPlaced""#) })
        }
    }
}
