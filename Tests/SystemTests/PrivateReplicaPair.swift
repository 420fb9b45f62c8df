import DatabaseTestSupport
import Foundation

/// A synchronous streaming-replication pair of one test's own (Tools/ha/cluster.sh, through `make ha-pair`),
/// for failures a test causes when it chooses: the primary killed, the standby promoted, stopped or stalled.
final class PrivateReplicaPair {
    let folder: String
    /// Names both servers; libpq takes the one that accepts writes (`target_session_attrs=read-write`).
    private(set) var url = ""

    /// Creates and starts the pair in a new folder under /tmp (reachable by the `postgres` user when root),
    /// and waits until the standby is synchronous (or streaming, if `asynchronous`).
    init(asynchronous: Bool = false) throws {
        folder = "/tmp/orderctl-pair-\(UUID().uuidString.prefix(8))"
        _ = try make("ha-pair", asynchronous ? ["HA_ASYNC=1"] : [])
        url = try make("ha-pair-url").trimmingCharacters(in: .whitespacesAndNewlines)
        guard url.hasPrefix("postgresql://") else { throw PrivateCluster.Failed(target: "ha-pair-url", status: 0, output: url) }
    }

    @discardableResult
    func make(_ target: String, _ variables: [String] = []) throws -> String {
        try PrivateCluster.make(target, variables: ["HA_DIR=\(folder)"] + variables)
    }

    /// Runs `Tools/ha/cluster.sh COMMAND folder` and returns its output (messages on standard error included).
    @discardableResult
    func cluster(_ command: String) throws -> String {
        let script = TestDatabase.repositoryRoot.appendingPathComponent("Tools/ha/cluster.sh").path
        return try PrivateCluster.run([script, command, folder], name: "cluster.sh \(command)")
    }

    /// The current primary's URL alone.
    func primaryURL() throws -> String { try url(of: "primary-url") }
    /// The current standby's URL alone.
    func standbyURL() throws -> String { try url(of: "standby-url") }

    private func url(of command: String) throws -> String {
        let script = TestDatabase.repositoryRoot.appendingPathComponent("Tools/ha/cluster.sh").path
        return try PrivateCluster.run([script, command, folder], name: "cluster.sh \(command)")
            .split(separator: "\n").last.map(String.init) ?? ""
    }

    /// kill -9 of the primary's postmaster.
    func killPrimary() throws { try cluster("kill-primary") }
    /// Promotes the standby and waits until it accepts writes; the old primary is never started again.
    func promote() throws { try cluster("promote") }
    func stopStandby() throws { try cluster("stop-standby") }
    func startStandby() throws { try cluster("start-standby") }
    /// SIGSTOP of every standby process: synchronous commits on the primary wait until `resumeStandby`.
    func stallStandby() throws { try cluster("stall-standby") }
    func resumeStandby() throws { try cluster("resume-standby") }

    /// Stops both servers, whatever state they are in, and removes the folder.
    func destroy() {
        _ = try? make("ha-pair-destroy")
    }
}
