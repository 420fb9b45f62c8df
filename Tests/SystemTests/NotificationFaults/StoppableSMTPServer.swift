import DatabaseTestSupport
import Foundation

/// Tools/smtp/maildir_server.py as one test's own process, started the way `make smtp` starts it (same
/// arguments, a port file, a Maildir), in a temporary folder and on a port of its own, so that the test
/// may stop it, start it again on the same port, or freeze it (SIGSTOP) with a client waiting for its
/// greeting. `destroy()` ends it and removes the folder.
final class StoppableSMTPServer {
    let folder: URL
    private(set) var port = 0
    private var pid: pid_t = 0

    var url: String { "smtp://127.0.0.1:\(port)" }
    var maildir: URL { folder.appendingPathComponent("maildir") }
    private var portFile: URL { folder.appendingPathComponent("server.port") }

    /// Starts the server on a free port below Linux's ephemeral range, so that no client's outgoing
    /// connection takes the port while the server is stopped.
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderctl-smtp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let ephemeralStart = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first }.flatMap { Int($0) } ?? 32_768
        for _ in 0..<20 {
            port = Int.random(in: 10_000..<max(10_001, ephemeralStart))
            if try start() { return }
        }
        destroy()
        throw Failed(description: "no free port for a private SMTP server (see \(folder.path)/server.log)")
    }

    /// Starts the server on `port`; false when it could not listen there (the port is taken).
    @discardableResult
    func start() throws -> Bool {
        precondition(pid == 0, "the SMTP server is running already")
        try? FileManager.default.removeItem(at: portFile)
        let arguments = [
            "/usr/bin/python3", TestDatabase.repositoryRoot.appendingPathComponent("Tools/smtp/maildir_server.py").path,
            "--port", String(port), "--port-file", portFile.path, "--maildir", maildir.path,
        ]
        // Spawned by hand, as PrivateCluster does: every descriptor above standard error is closed in the
        // child, so the server never holds another test's pipe open.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, folder.appendingPathComponent("server.log").path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np"),
              unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3) == 0
        else { throw Failed(description: "posix_spawn_file_actions_addclosefrom_np (glibc 2.34) is missing") }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        guard posix_spawn(&child, arguments[0], &actions, nil, argv, environ) == 0 else { throw Failed(description: "cannot start \(arguments[0])") }
        pid = child
        // The port file appears once it listens (after aiosmtpd has checked it answers); a bind error ends it.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? String(contentsOf: portFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == String(port) { return true }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                return false
            }
            usleep(20_000)
        }
        stop()
        throw Failed(description: "the SMTP server did not listen within 30 s (see \(folder.path)/server.log)")
    }

    /// SIGTERM, and waits for the end (SIGKILL after 15 s); the port is free again afterwards.
    func stop() {
        guard pid != 0 else { return }
        kill(pid, SIGCONT)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(15)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(10_000)
        }
        pid = 0
    }

    /// The last lines of the server's log (one line per message and its outcome), for a failure's message.
    var logTail: String {
        let text = (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(8).joined(separator: "\n")
    }

    /// Freezes the server: the kernel still accepts connections, but nothing answers them.
    func freeze() { if pid != 0 { kill(pid, SIGSTOP) } }

    /// Lets a frozen server go on.
    func thaw() { if pid != 0 { kill(pid, SIGCONT) } }

    func destroy() {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }
}
