/// A failure that came from PostgreSQL or from talking to it.
///
/// Its description is one line: what orderctl was doing, PostgreSQL's message, and the SQLSTATE.
/// It never contains statement parameters, connection strings or passwords.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// How bad it is, which decides what the caller can do next.
    public enum Kind: Sendable, Equatable {
        /// The connection string itself is malformed (a usage error).
        case invalidConnectionString
        /// Could not connect at all.
        case connectionFailed
        /// The connection broke during work; whatever was not committed is gone.
        case connectionLost
        /// The server refused one statement; the connection is still usable.
        case statementFailed
        /// The schema is missing or older than this orderctl needs.
        case schemaOutdated
        /// A migration file differs from the one that was applied.
        case migrationChanged
        /// The commit happened on this server, but the server warned that its wait for the synchronous
        /// standby was cancelled: a failover now could lose it.
        case commitUnconfirmed
    }

    /// How bad it is.
    public let kind: Kind
    /// The server's error code, when it sent one.
    public let sqlState: SQLState?
    /// PostgreSQL's (or libpq's) message, folded to one line.
    public let message: String
    /// PostgreSQL's DETAIL, when any.
    public let detail: String?
    /// What orderctl was doing, e.g. "appending to stream 2f0c...".
    public let context: String

    /// Creates an error.
    public init(kind: Kind, sqlState: SQLState? = nil, message: String, detail: String? = nil, context: String) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = PostgresError.oneLine(message)
        self.detail = detail.map(PostgresError.oneLine)
        self.context = context
    }

    public var description: String {
        "\(context): \(reason)"
    }

    /// PostgreSQL's message, its detail and its code, without what orderctl was doing.
    public var reason: String {
        var text = message
        if let detail, !detail.isEmpty { text += " (\(detail))" }
        if let sqlState { text += " [SQLSTATE \(sqlState)]" }
        return text
    }

    /// libpq's messages span lines and indent with tabs and double spaces; a CLI error is one line.
    package static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
