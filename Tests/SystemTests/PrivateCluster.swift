import DatabaseTestSupport
import Foundation

/// A PostgreSQL cluster of one test's own, made with the Makefile's targets, for faults that would hurt
/// other tests on the shared cluster: restarting or stopping the server.
final class PrivateCluster {
    let folder: String
    private(set) var url = ""

    /// Creates and starts the cluster in a new folder under /tmp (reachable by the `postgres` user when root).
    init() throws {
        folder = "/tmp/orderctl-private-\(UUID().uuidString.prefix(8))"
        _ = try make("db")
        url = try make("db-url").trimmingCharacters(in: .whitespacesAndNewlines)
        guard url.hasPrefix("postgresql://") else { throw Failed(target: "db-url", status: 0, output: url) }
    }

    /// Runs `make -s TARGET PG_DIR=folder` in the repository and returns its standard output.
    ///
    /// Spawned by hand rather than with Foundation's `Process`: a server that make starts would inherit the
    /// descriptors Foundation uses to notice a child's end (and other tests' pipes), and hold them open for
    /// as long as it runs. Here every descriptor above standard error is closed in the child, and output
    /// goes through a file.
    @discardableResult
    func make(_ target: String) throws -> String {
        try Self.spawn(["/usr/bin/make", "-s", "--no-print-directory", "-C", TestDatabase.repositoryRoot.path, target, "PG_DIR=\(folder)"], naming: "make \(target)")
    }

    /// Runs `arguments` (a path first) to the end, as `make(_:)` describes, and returns its standard output;
    /// `target` names the run in a failure.
    static func spawn(_ arguments: [String], naming target: String) throws -> String {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("orderctl-make-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try Self.closeFrom(3, in: &actions)
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The test runs on a thread with signals blocked, which a child inherits: a supervisor such as
        // pg_autoctl could then never stop its own services. The child starts with none blocked, and
        // every signal at its default action.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw Failed(target: target, status: Int32(spawned), output: "posix_spawn failed") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        // WIFEXITED and WEXITSTATUS, written out: the macros do not reach Swift.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else { throw Failed(target: target, status: status, output: output) }
        return output
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34), looked up at run time: Swift's Glibc module
    /// leaves out the GNU extensions.
    private static func closeFrom(_ descriptor: Int32, in actions: inout posix_spawn_file_actions_t) throws {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            throw Failed(target: "spawn", status: -1, output: "this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or newer)")
        }
        guard unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, descriptor) == 0 else {
            throw Failed(target: "spawn", status: -1, output: "posix_spawn_file_actions_addclosefrom_np failed")
        }
    }

    /// Stops the server and removes the folder.
    func destroy() {
        _ = try? make("db-destroy")
    }

    struct Failed: Error, CustomStringConvertible {
        let target: String
        let status: Int32
        let output: String
        var description: String { "\(target) failed (wait status \(status)): \(output.suffix(600))" }
    }
}
