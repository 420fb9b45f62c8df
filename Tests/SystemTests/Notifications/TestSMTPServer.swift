import Foundation

/// The local SMTP server `make test` starts (Tools/smtp/maildir_server.py): its URL and its Maildir.
///
/// The server answers by recipient: `fail451-…` and `fail554-…` refuse, `drop-…` hangs up, `flaky<N>-…`
/// refuses N times and then takes the message, anything else is stored. It counts flaky arrivals per
/// address for as long as it runs, across tests and test runs, so every test makes its addresses unique.
struct TestSMTPServer {
    /// `smtp://127.0.0.1:PORT`.
    let url: String
    /// Where it stores what it accepts.
    let maildir: TestMaildir

    /// The server `make test` names in `ORDERCTL_TEST_SMTP_URL` and `ORDERCTL_TEST_SMTP_MAILDIR`; a failure,
    /// never a skip, when they are missing.
    static func running() throws -> TestSMTPServer {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["ORDERCTL_TEST_SMTP_URL"], !url.isEmpty, let maildir = environment["ORDERCTL_TEST_SMTP_MAILDIR"], !maildir.isEmpty
        else { throw MissingServer() }
        return TestSMTPServer(url: url, maildir: TestMaildir(root: URL(fileURLWithPath: maildir)))
    }

    /// `127.0.0.1:PORT`, for URLs with a login or another scheme.
    var hostAndPort: String {
        String(url.dropFirst("smtp://".count))
    }

    /// `smtp://127.0.0.1:PORT` for a loopback port nothing listens on (bound, then closed again): every
    /// connection is refused, a temporary failure.
    static func closedPortURL() -> String {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) } }
        return "smtp://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "ORDERCTL_TEST_SMTP_URL and ORDERCTL_TEST_SMTP_MAILDIR are not set: run `make test`, which starts the local SMTP server"
        }
    }
}
