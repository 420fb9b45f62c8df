import DatabaseTestSupport
import Foundation

/// A primary and a streaming standby of one test's own, in a new folder under /tmp, made with
/// `Tools/ha/cluster.sh`: for failovers the test drives itself (kill -9 of the primary, `pg_ctl promote`),
/// which is faster and more deterministic than a manager's failure detection.
final class StandbyPair {
    let folder: String
    /// Both servers, the first primary first: what a writer is given.
    let url: String
    /// The server that starts as the primary, alone.
    let firstURL: String
    /// The server that starts as the standby, alone.
    let secondURL: String

    /// Starts the pair; the standby is synchronous unless `synchronous` is false.
    init(synchronous: Bool = true) throws {
        folder = "/tmp/orderctl-pair-\(UUID().uuidString.prefix(8))"
        try Self.cluster("start", folder, synchronous ? [] : ["--async"])
        do {
            url = try Self.cluster("url", folder).trimmingCharacters(in: .whitespacesAndNewlines)
            firstURL = try Self.cluster("primary-url", folder).trimmingCharacters(in: .whitespacesAndNewlines)
            secondURL = try Self.cluster("standby-url", folder).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            _ = try? Self.cluster("destroy", folder)
            throw error
        }
    }

    /// Runs one of the script's subcommands on this pair.
    @discardableResult
    func run(_ subcommand: String) throws -> String {
        try Self.cluster(subcommand, folder)
    }

    /// Stops every server of the pair and removes the folder.
    func destroy() {
        _ = try? Self.cluster("destroy", folder)
    }

    /// `url` as orderctl's everyday role, which migrations create.
    static func asRuntimeRole(_ url: String) -> String {
        url.replacingOccurrences(of: "user=postgres", with: "user=orderctl_runtime")
    }

    @discardableResult
    private static func cluster(_ subcommand: String, _ folder: String, _ options: [String] = []) throws -> String {
        let script = TestDatabase.repositoryRoot.appendingPathComponent("Tools/ha/cluster.sh").path
        return try PrivateCluster.spawn(["/bin/bash", script, subcommand, folder] + options, naming: "Tools/ha/cluster.sh \(subcommand)")
    }
}
