import DatabaseTestSupport
import Foundation
import JSONCoding
import PostgresStore
import Testing

/// orderctl against a primary with a synchronous standby (issue 19), on a real pair of servers.
@Suite("Replication", .serialized)
struct ReplicationTests {
    @Test("Synchronous pair: every command submit acknowledged before the primary's kill -9 is on the promoted standby, and the file completes through the two-host URL")
    func acknowledgedCommandsSurviveFailover() throws {
        let commands = try FaultTests.generatedCommands(orders: 400)
        defer { try? FileManager.default.removeItem(at: commands) }
        let pair = try PrivateReplicaPair()
        defer { pair.destroy() }
        #expect(try OrderctlProcess.run(["migrate", "--database-url", pair.url]).status == 0)
        let runtimeURL = pair.url.replacingOccurrences(of: "user=postgres", with: "user=\(RuntimeRole.name)")

        // One transaction a command, so that the kill lands in the middle of the run.
        let running = try OrderctlProcess.launch(["submit", commands.path, "--batch-size", "1", "--database-url", runtimeURL])
        try #require(running.output.waitForLines(100, seconds: 60), "submit never got going")
        try pair.killPrimary()
        try pair.promote()
        let outcome = try running.finish(hangLimitSeconds: 120, arguments: ["submit"])
        // 3 while submit stops at a lost connection, 0 once it reconnects to the new primary: either way
        // every result it printed must stand on the new primary.
        #expect(outcome.status == 0 || outcome.status == 3, "\(outcome.standardError)")
        let accepted = outcome.outputLines.compactMap { line -> String? in
            guard let object = try? JSONParser.parse(line).objectValue, object["status"] == .string("accepted") else { return nil }
            return object["commandId"]?.stringValue
        }
        #expect(accepted.count >= 100)

        let again = try OrderctlProcess.run(["submit", commands.path, "--database-url", runtimeURL], hangLimitSeconds: 300)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.outputLines.count == 2_000)
        let duplicates = Set(again.outputLines.compactMap { line -> String? in
            guard let object = try? JSONParser.parse(line).objectValue, object["status"] == .string("duplicate") else { return nil }
            return object["commandId"]?.stringValue
        })
        #expect(Set(accepted).isSubset(of: duplicates), "acknowledged commands missing on the promoted standby")
        #expect(try OrderctlProcess.run(["audit", "verify", "--database-url", runtimeURL]).status == 0)
    }

    @Test("A stalled synchronous standby holds submit's commits until it resumes")
    func stalledStandbyHoldsCommits() throws {
        let commands = try FaultTests.generatedCommands(orders: 20)
        defer { try? FileManager.default.removeItem(at: commands) }
        let pair = try PrivateReplicaPair()
        defer { pair.destroy() }
        #expect(try OrderctlProcess.run(["migrate", "--database-url", pair.url]).status == 0)
        let runtimeURL = pair.url.replacingOccurrences(of: "user=postgres", with: "user=\(RuntimeRole.name)")

        try pair.stallStandby()
        let running = try OrderctlProcess.launch(["submit", commands.path, "--database-url", runtimeURL])
        // Nothing is acknowledged while the standby confirms nothing.
        #expect(!running.output.waitForLines(1, seconds: 3), "a commit was acknowledged without the synchronous standby")
        try pair.resumeStandby()
        let outcome = try running.finish(hangLimitSeconds: 120, arguments: ["submit"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.outputLines.count == 100)
    }
}
