import CLibCurl
import Foundation
import OrderService
import SMTPDelivery
import Testing

/// Sends real messages to the local SMTP server `make test` starts (Tools/smtp/maildir_server.py), whose
/// recipients choose its answer: `fail451-…` and `fail554-…` refuse, `drop-…` hangs up, `flaky<N>-…`
/// refuses N times, anything else is stored in the Maildir.
@Suite("Mail sent over SMTP through libcurl")
struct CurlMailSenderTests {
    /// The server's URL and Maildir, or a failure that says how to get them.
    static func server() throws -> (url: String, maildir: URL) {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["ORDERCTL_TEST_SMTP_URL"], !url.isEmpty,
              let maildir = environment["ORDERCTL_TEST_SMTP_MAILDIR"], !maildir.isEmpty
        else {
            throw MissingServer()
        }
        return (url, URL(fileURLWithPath: maildir))
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "ORDERCTL_TEST_SMTP_URL and ORDERCTL_TEST_SMTP_MAILDIR are not set: run `make test`, which starts the local SMTP server"
        }
    }

    /// A small message with a Message-ID of its own, so the test finds exactly its own copy.
    static func message(to recipient: String) -> (bytes: [UInt8], messageID: String) {
        let messageID = "<\(UUID().uuidString.lowercased())@orderctl.test>"
        let text = "From: orders@example.com\r\nTo: \(recipient)\r\nSubject: test\r\nMessage-ID: \(messageID)\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n.leading dot\r\n"
        return (Array(text.utf8), messageID)
    }

    /// The stored messages that carry `messageID`.
    static func stored(_ messageID: String, in maildir: URL) -> [String] {
        let folder = maildir.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        // Read as bytes and decoded leniently: another client's 8-bit message must not break this test.
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            return text.contains(messageID) ? text : nil
        }
    }

    static func send(to recipient: String, url: String) throws -> (outcome: MailSendingOutcome, messageID: String) {
        let sender = CurlMailSender(configuration: try SMTPConfiguration(url: url), connectTimeout: .seconds(5), timeout: .seconds(20))
        let (bytes, messageID) = message(to: recipient)
        return (sender.send(bytes, envelope: try MailEnvelope(sender: "orders@example.com", recipients: [recipient])), messageID)
    }

    @Test("a message the server takes is stored whole, the leading dot of a line given back as it was")
    func accepted() throws {
        let (url, maildir) = try Self.server()
        let (outcome, messageID) = try Self.send(to: "anna-\(UUID().uuidString.prefix(8))@example.com", url: url)
        // The server's own reply to the message, not libcurl's wording: the test server says where it stored it.
        #expect(outcome == .accepted(reply: "250 2.0.0 OK: stored"))
        let copies = Self.stored(messageID, in: maildir)
        try #require(copies.count == 1, "stored \(copies.count) times")
        #expect(copies[0].contains("Hello.\r\n.leading dot\r\n") || copies[0].contains("Hello.\n.leading dot\n"))
    }

    @Test("4xx is temporary, 5xx permanent, a dropped connection temporary; none of them is stored", arguments: [
        ("fail451", "451", false), ("fail554", "554", true), ("drop", nil, false),
    ])
    func refusals(prefix: String, code: String?, permanent: Bool) throws {
        let (url, maildir) = try Self.server()
        let (outcome, messageID) = try Self.send(to: "\(prefix)-\(UUID().uuidString.prefix(8))@example.com", url: url)
        switch outcome {
        case let .temporaryFailure(reason):
            #expect(!permanent, "\(reason)")
            if let code { #expect(reason.contains("\(code) 4.3.0 injected"), "the server's own words are missing: \(reason)") }
        case let .permanentFailure(reason):
            #expect(permanent, "\(reason)")
            if let code { #expect(reason.contains("\(code) 5.0.0 injected"), "the server's own words are missing: \(reason)") }
        case .accepted:
            Issue.record("the server's refusal was taken for an acceptance")
        }
        #expect(Self.stored(messageID, in: maildir).isEmpty)
    }

    @Test("a server that refuses twice and then takes the message: temporary, temporary, accepted")
    func flakyServer() throws {
        let (url, maildir) = try Self.server()
        let recipient = "flaky2-\(UUID().uuidString.prefix(8))@example.com"
        let sender = CurlMailSender(configuration: try SMTPConfiguration(url: url))
        let (bytes, messageID) = Self.message(to: recipient)
        let envelope = try MailEnvelope(sender: "orders@example.com", recipients: [recipient])
        let outcomes = (1...3).map { _ in sender.send(bytes, envelope: envelope) }
        #expect(outcomes.map { if case .temporaryFailure = $0 { "temporary" } else if case .accepted = $0 { "accepted" } else { "permanent" } }
            == ["temporary", "temporary", "accepted"])
        #expect(Self.stored(messageID, in: maildir).count == 1)
    }

    @Test("tls=required against a server without STARTTLS sends nothing, and says TLS was required")
    func tlsRequired() throws {
        let (url, maildir) = try Self.server()
        let (outcome, messageID) = try Self.send(to: "anna-\(UUID().uuidString.prefix(8))@example.com", url: url + "?tls=required")
        guard case let .temporaryFailure(reason) = outcome else {
            Issue.record("not a temporary failure: \(outcome)")
            return
        }
        #expect(reason.contains("TLS was required"), "\(reason)")
        #expect(Self.stored(messageID, in: maildir).isEmpty)
    }

    @Test("a server that is not there is a temporary failure, and no outcome ever holds the password")
    func unreachableServerAndSecrets() throws {
        let (url, _) = try Self.server()
        // A port nothing listens on: bound, then closed again.
        let closed = try Self.closedPort()
        let (unreachable, _) = try Self.send(to: "anna@example.com", url: "smtp://orders:hunter2@127.0.0.1:\(closed)?tls=required")
        guard case let .temporaryFailure(reason) = unreachable else {
            Issue.record("not a temporary failure: \(unreachable)")
            return
        }
        #expect(!reason.contains("hunter2"), "\(reason)")
        // A password never goes where STARTTLS is only "when offered": the URL is refused before anything is sent.
        let withLogin = url.replacingOccurrences(of: "smtp://", with: "smtp://orders:hunter2@")
        #expect(throws: SMTPConfigurationError.passwordWithoutTLS) { try SMTPConfiguration(url: withLogin) }
        // With tls=required against this server, which offers no STARTTLS, nothing is sent and the password stays out of the outcome.
        let (outcome, _) = try Self.send(to: "anna-\(UUID().uuidString.prefix(8))@example.com", url: withLogin + "?tls=required")
        #expect(!outcome.description.contains("hunter2"), "\(outcome)")
    }

    /// A loopback port with nothing listening on it.
    static func closedPort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("an envelope address that could leave its place in an SMTP command is refused before anything is sent", arguments: [
        "anna@example.com\r\nRCPT TO:<eve@example.com>", "anna@example.com>", "<anna@example.com", "anna @example.com", "annaexample.com",
        "zoë@example.com", "",
    ])
    func envelopeInjection(address: String) {
        #expect(throws: MailEnvelopeError.unusableAddress) { try MailEnvelope(sender: "orders@example.com", recipients: [address]) }
        #expect(throws: MailEnvelopeError.unusableAddress) { try MailEnvelope(sender: address, recipients: ["anna@example.com"]) }
    }

    @Test("a message for nobody is refused")
    func noRecipient() {
        #expect(throws: MailEnvelopeError.noRecipient) { try MailEnvelope(sender: "orders@example.com", recipients: []) }
    }
}
