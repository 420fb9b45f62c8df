/// Where and how to send mail, from `--smtp-url` or `ORDERCTL_SMTP_URL`:
/// `smtp://[user:password@]host[:port][?tls=required]` (STARTTLS when the server offers it, required
/// with `tls=required`) or `smtps://[user:password@]host[:port]` (TLS from the first byte).
///
/// The password is kept apart from everything that is ever printed: `description` leaves it out, and
/// the URL handed to libcurl carries no credentials.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// STARTTLS when the server offers it, plain otherwise.
        case startTLSWhenOffered
        /// STARTTLS or nothing is sent.
        case startTLSRequired
        /// TLS from the start (`smtps`).
        case implicitTLS
    }

    /// The server's host name or address.
    public let host: String
    /// The server's port.
    public let port: Int
    /// The user to authenticate as, when the URL names one.
    public let user: String?
    /// The password, when the URL gives one. Never printed.
    let password: String?
    /// How the connection is protected.
    public let security: Security

    /// Parses an SMTP URL; a URL that is not one is refused with a reason that never repeats a password.
    public init(url: String) throws(SMTPConfigurationError) {
        let scheme: String
        let rest: Substring
        if url.hasPrefix("smtp://") {
            scheme = "smtp"
            rest = url.dropFirst("smtp://".count)
        } else if url.hasPrefix("smtps://") {
            scheme = "smtps"
            rest = url.dropFirst("smtps://".count)
        } else {
            throw .unsupportedScheme
        }
        var authority = rest
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            authority = rest[..<mark]
            query = rest[rest.index(after: mark)...]
        }
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.contains("/") else { throw .pathNotAllowed }
        var credentials: Substring?
        var hostAndPort = authority
        if let at = authority.lastIndex(of: "@") {
            credentials = authority[..<at]
            hostAndPort = authority[authority.index(after: at)...]
        }
        var parsedHost = hostAndPort
        var parsedPort = scheme == "smtps" ? 465 : 25
        if let colon = hostAndPort.lastIndex(of: ":"), !hostAndPort.hasSuffix("]") {
            parsedHost = hostAndPort[..<colon]
            guard let number = Int(hostAndPort[hostAndPort.index(after: colon)...]), (1...65_535).contains(number) else { throw .invalidPort }
            parsedPort = number
        }
        guard !parsedHost.isEmpty, parsedHost.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { throw .invalidHost }
        host = String(parsedHost)
        port = parsedPort
        if let credentials {
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.percentDecoded(parts[0]), !name.isEmpty else { throw .invalidCredentials }
            user = name
            if parts.count == 2 {
                guard let secret = Self.percentDecoded(parts[1]) else { throw .invalidCredentials }
                password = secret
            } else {
                password = nil
            }
        } else {
            user = nil
            password = nil
        }
        switch (scheme, query) {
        case ("smtps", ""): security = .implicitTLS
        case ("smtp", ""): security = .startTLSWhenOffered
        case ("smtp", "tls=required"): security = .startTLSRequired
        default: throw .unsupportedOption
        }
        // STARTTLS "when offered" falls back to plain text when a man in the middle strips the offer: a
        // password would then cross the network in the clear.
        if password != nil, security == .startTLSWhenOffered { throw .passwordWithoutTLS }
    }

    /// What libcurl connects to: the scheme, host and port, no credentials.
    var curlURL: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed):\(port)"
    }

    /// The URL with the password left out, for messages.
    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let login = user.map { "\($0)\(password == nil ? "" : ":***")@" } ?? ""
        return "\(scheme)://\(login)\(host):\(port)\(security == .startTLSRequired ? "?tls=required" : "")"
    }

    /// The same as `description`: a debugger or `dump` never shows the password either.
    public var debugDescription: String { description }

    /// The parts a mirror shows, the password left out.
    public var customMirror: Mirror {
        Mirror(self, children: ["host": host, "port": port, "user": user as Any, "security": security], displayStyle: .struct)
    }

    /// `%XX` escapes decoded as UTF-8; nil for a malformed escape.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let high = utf8.index(after: index)
                guard high < utf8.endIndex else { return nil }
                let low = utf8.index(after: high)
                guard low < utf8.endIndex, let value = UInt8(String(decoding: [utf8[high], utf8[low]], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
                index = utf8.index(after: low)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
