import CLibCurl
import OrderService

/// The mail port over SMTP, through libcurl: libcurl speaks the protocol (EHLO, STARTTLS, AUTH, MAIL,
/// RCPT, DATA with dot-stuffing), this type sets it up for one message and reads what came of it.
///
/// One connection per message: notifications are sent one at a time by each runner, and a connection
/// kept open between them would only add a state to get wrong after a failure.
public final class CurlMailSender: MailSending, @unchecked Sendable {
    // Unchecked: the type holds only immutable configuration; each send uses a handle of its own.
    private let configuration: SMTPConfiguration
    private let connectTimeoutMilliseconds: Int
    private let timeoutMilliseconds: Int

    /// A sender to the server `configuration` names; a connection must be up within `connectTimeout`, and
    /// the whole message handed over within `timeout`.
    public init(configuration: SMTPConfiguration, connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60)) {
        self.configuration = configuration
        self.connectTimeoutMilliseconds = Self.milliseconds(connectTimeout)
        self.timeoutMilliseconds = Self.milliseconds(timeout)
    }

    /// A duration in whole milliseconds, at least 1 (0 would mean "no limit" to libcurl) and at most a day.
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = min(max(seconds, 0), 86_400) * 1_000 + attoseconds / 1_000_000_000_000_000
        return Int(max(total, 1))
    }

    public func send(_ message: [UInt8], envelope: MailEnvelope) -> MailSendingOutcome {
        // First, so that libcurl is open before anything below calls into it.
        guard CurlLibrary.isReady else { return .temporaryFailure(reason: CurlLibrary.problem) }
        // libcurl keeps pointers to the recipients, the message source and the error buffer until the handle
        // is cleaned up: they are made first, so that (defers running in reverse) they are released last.
        var recipients: UnsafeMutablePointer<curl_slist>?
        for recipient in envelope.recipients { recipients = orderctl_curl_slist_append(recipients, "<\(recipient)>") }
        defer { orderctl_curl_slist_free_all(recipients) }
        let source = Unmanaged.passRetained(MessageSource(message))
        defer { source.release() }
        let replies = Unmanaged.passRetained(ServerReplies())
        defer { replies.release() }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        guard let handle = orderctl_curl_easy_init() else { return .temporaryFailure(reason: "libcurl could not make a handle") }
        defer { orderctl_curl_easy_cleanup(handle) }
        let code = perform(
            handle, envelope: envelope, recipients: recipients, source: source.toOpaque(), replies: replies.toOpaque(), errorBuffer: errorBuffer
        )
        var response = 0
        _ = orderctl_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &response)
        // Read before the cleanup, which sends QUIT: the last reply is then the one to the message.
        return Self.outcome(of: code, response: response, detail: String(cString: errorBuffer), serverReply: replies.takeUnretainedValue().last)
    }

    /// Sets the transfer up for one message and runs it.
    private func perform(
        _ handle: UnsafeMutableRawPointer, envelope: MailEnvelope, recipients: UnsafeMutablePointer<curl_slist>?, source: UnsafeMutableRawPointer,
        replies: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>
    ) -> CURLcode {
        let setUp = [
            orderctl_curl_setopt_string(handle, CURLOPT_URL, configuration.curlURL),
            orderctl_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(envelope.sender)>"),
            orderctl_curl_setopt_pointer(handle, CURLOPT_MAIL_RCPT, recipients),
            orderctl_curl_setopt_long(handle, CURLOPT_UPLOAD, 1),
            orderctl_curl_setopt_read_function(handle, readMessage),
            orderctl_curl_setopt_pointer(handle, CURLOPT_READDATA, source),
            orderctl_curl_setopt_header_function(handle, keepServerReply),
            orderctl_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, replies),
            orderctl_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            orderctl_curl_setopt_long(handle, CURLOPT_USE_SSL, Self.useSSL(configuration.security)),
            orderctl_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds),
            orderctl_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds),
            // No signals: libcurl may run on any thread of a runner, and SIGALRM for DNS timeouts is not ours.
            orderctl_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            orderctl_curl_allow_mail_protocols_only(handle),
        ]
        for result in setUp where result != CURLE_OK { return result }
        if let user = configuration.user {
            guard orderctl_curl_setopt_string(handle, CURLOPT_USERNAME, user) == CURLE_OK,
                  orderctl_curl_setopt_string(handle, CURLOPT_PASSWORD, configuration.password ?? "") == CURLE_OK
            else { return CURLE_FAILED_INIT }
        }
        return orderctl_curl_easy_perform(handle)
    }

    /// What a transfer's result means for the notification: the reply code decides when the server gave
    /// one, a transport failure is temporary. The server's own last reply, when it gave one with that
    /// code, is what the attempt records; libcurl's words otherwise.
    static func outcome(of code: CURLcode, response: Int, detail: String, serverReply: String? = nil) -> MailSendingOutcome {
        let ownWords = serverReply.flatMap { reply in response != 0 && reply.hasPrefix(String(response)) ? reply : nil }
        let reason = ownWords ?? (detail.isEmpty ? String(cString: orderctl_curl_easy_strerror(code)) : detail)
        if code == CURLE_OK { return .accepted(reply: ownWords ?? "\(response == 0 ? 250 : response) accepted") }
        if code == CURLE_USE_SSL_FAILED {
            return .temporaryFailure(reason: "TLS was required (?tls=required) but the server offers no STARTTLS; nothing was sent")
        }
        // A refused login or a server that wants authentication or encryption first is the configuration's
        // fault, not the message's: every message would fail alike, so none goes dead for it.
        if code == CURLE_LOGIN_DENIED || [530, 535, 538].contains(response) {
            return .temporaryFailure(reason: "the server refused the login or wants one first (\(response)): \(reason)")
        }
        switch response {
        case 400..<500: return .temporaryFailure(reason: "the server answered \(response): \(reason)")
        case 500..<600: return .permanentFailure(reason: "the server answered \(response): \(reason)")
        default: return .temporaryFailure(reason: reason)
        }
    }

    private static func useSSL(_ security: SMTPConfiguration.Security) -> Int {
        switch security {
        case .startTLSWhenOffered: Int(CURLUSESSL_TRY.rawValue)
        case .startTLSRequired, .implicitTLS: Int(CURLUSESSL_ALL.rawValue)
        }
    }
}

/// The server's replies as libcurl hands them to the header callback; only the last line is kept.
private final class ServerReplies {
    /// At most this many bytes of a line: a reply is a status, not a document.
    static let longestKept = 500
    var last: String?
}

/// libcurl's header callback: keeps the server's latest reply line, printable ASCII only, so a hostile
/// server's bytes can neither break a stored line nor fill the table.
private let keepServerReply: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { buffer, size, count, context in
    let length = size * count
    guard let buffer, let context else { return length }
    let replies = Unmanaged<ServerReplies>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
    let printable = bytes.prefix(ServerReplies.longestKept).map { byte in (0x20..<0x7F).contains(byte) ? byte : UInt8(ascii: " ") }
    let line = String(decoding: printable, as: UTF8.self).trimmingSpaces()
    if !line.isEmpty { replies.last = line }
    return length
}

private extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        while text.first == " " { text.removeFirst() }
        return String(text)
    }
}

/// The message bytes libcurl reads as it sends, a buffer at a time.
private final class MessageSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// libcurl's read callback: copies the next part of the message into its buffer; 0 at the end.
private let readMessage: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let source = Unmanaged<MessageSource>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, source.bytes.count - source.offset)
    guard length > 0 else { return 0 }
    source.bytes.withUnsafeBufferPointer { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + source.offset, byteCount: length)
    }
    source.offset += length
    return length
}
