/// Why a text is not an SMTP URL orderctl can use. No case carries any part of the URL, so a message
/// never repeats a password.
public enum SMTPConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedScheme
    case pathNotAllowed
    case invalidHost
    case invalidPort
    case invalidCredentials
    case unsupportedOption
    case passwordWithoutTLS

    public var description: String {
        switch self {
        case .unsupportedScheme: "the SMTP URL must start with smtp:// or smtps://"
        case .pathNotAllowed: "the SMTP URL must not have a path: smtp://[user:password@]host[:port][?tls=required]"
        case .invalidHost: "the SMTP URL names no host, or a host with spaces or non-ASCII characters"
        case .invalidPort: "the SMTP URL's port must be a number from 1 to 65535"
        case .invalidCredentials: "the SMTP URL's user or password is empty or has a malformed %-escape"
        case .unsupportedOption: "the only option an SMTP URL takes is ?tls=required, and only with smtp://"
        case .passwordWithoutTLS: "a password goes only over TLS: add ?tls=required to the smtp:// URL, or use smtps://"
        }
    }
}
