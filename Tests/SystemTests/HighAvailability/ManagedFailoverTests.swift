import DatabaseTestSupport
import Foundation
import PostgresClient
import Testing

/// A failover decided by a real manager: pg_auto_failover's monitor sees the primary's node die and
/// promotes the synchronous standby, while `submit` runs against the two-host URL.
@Suite("Failover under pg_auto_failover", .serialized)
struct ManagedFailoverTests {
    /// A port range of the test's own, beside `make ha-up`'s default (5451 to 5453) and the pairs' sockets.
    static let monitorPort = "5461"

    @Test("the primary's node killed during a submit: the monitor promotes the standby, submit reconnects and finishes, every acknowledged command is there exactly once, chains intact")
    func managerPromotesTheStandby() throws {
        let commands = try FaultTests.generatedCommands(orders: 2_000)
        defer { try? FileManager.default.removeItem(at: commands) }
        let folder = "/tmp/orderctl-autofailover-\(UUID().uuidString.prefix(8))"
        defer { _ = try? Self.autofailover("down", folder) }
        try Self.autofailover("up", folder)
        let url = try Self.autofailover("url", folder).trimmingCharacters(in: .whitespacesAndNewlines)
        let migrated = try OrderctlProcess.run(["migrate", "--database-url", url])
        try #require(migrated.status == 0, "\(migrated.standardError)")
        let primary = try Self.autofailover("primary", folder).trimmingCharacters(in: .whitespacesAndNewlines)

        // A transaction a command, so that the crash lands mid-run however fast this machine commits.
        let submit = try OrderctlProcess.launch(["submit", commands.path, "--batch-size", "1", "--database-url", url, "--reconnect-timeout", "120"])
        try #require(submit.output.waitForLines(1_000, seconds: 180), "submit never got going")
        try Self.autofailover("crash-primary", folder)
        try Self.autofailover("wait-failover", folder, primary)
        let outcome = try submit.finish(hangLimitSeconds: 300, arguments: ["submit"])

        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("reconnected to"), "the crash landed after the end: \(outcome.standardError)")
        #expect(outcome.outputLines.count == 10_000)
        let promoted = try ConnectionTarget(databaseURL: url, requirement: .acceptingWrites).connect()
        let audit = try AcknowledgementAudit(acknowledged: AcknowledgementAudit.acknowledged(in: outcome.outputLines), on: promoted)
        #expect(audit.isIntact, "\(audit)")
        let verified = try OrderctlProcess.run(["audit", "verify", "--database-url", url], hangLimitSeconds: 300)
        #expect(verified.status == 0, "\(verified.standardOutput) \(verified.standardError)")
    }

    @discardableResult
    static func autofailover(_ subcommand: String, _ folder: String, _ extra: String...) throws -> String {
        let script = TestDatabase.repositoryRoot.appendingPathComponent("Tools/ha/autofailover.sh").path
        return try PrivateCluster.spawn(
            ["/usr/bin/env", "HA_AUTO_PORT=\(monitorPort)", "/bin/bash", script, subcommand, folder] + extra, naming: "Tools/ha/autofailover.sh \(subcommand)"
        )
    }
}
