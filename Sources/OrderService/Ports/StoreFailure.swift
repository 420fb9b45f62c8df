/// Why storage could not do what the application asked, in the application's terms.
///
/// The adapters translate their own errors (PostgreSQL's SQLSTATE codes, libpq's messages) into these
/// kinds, so the handler and the CLI decide what to do next without knowing which database is behind
/// the ports. The description is one line for a person: what was being done, the store's reason, and
/// the store's own code, never a parameter, a connection string or a password.
public struct StoreFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong, which decides what the caller can do next.
    public enum Kind: Sendable, Hashable {
        /// The address of the store is malformed: a usage error, not an outage.
        case invalidAddress
        /// The store could not be reached at all.
        case unreachable
        /// The connection broke during work: whatever was not committed is gone, and a commit whose
        /// answer never came back may or may not have happened.
        case connectionLost
        /// The work committed on the server it reached, but the server could not confirm that its
        /// synchronous standby has it: a failover now could lose it, so it is not yet acknowledged.
        case commitUnconfirmed
        /// The server accepts no writes (a standby, or a primary being demoted): the primary is elsewhere.
        case readOnly
        /// The store's schema is missing or older than this build needs.
        case schemaOutdated
        /// A migration that was applied has been changed since.
        case migrationChanged
        /// The role the store was reached as may not do this.
        case permissionDenied
        /// The store cannot hold a value of this one request (a NUL in text, a number out of range);
        /// other requests are unaffected.
        case valueRefused
        /// A concurrent change or a uniqueness rule refused the write.
        case conflict
        /// A lock the work needs is held by someone else.
        case busy
        /// A stored row cannot be read: the store is damaged there (at that position in the log, when
        /// the row is an event whose position could be read).
        case corruptRow(position: Int64?)
        /// Any other refusal of a request.
        case refused
    }

    /// What went wrong.
    public let kind: Kind
    /// One line for a person: what was being done, then the reason.
    public let description: String
    /// The store's own words for what went wrong, with its code, without what was being done: for a
    /// message that already says what was being done.
    public let reason: String

    /// A failure of the given kind, described in one line; `reason` defaults to the whole description.
    public init(_ kind: Kind, _ description: String, reason: String? = nil) {
        self.kind = kind
        self.description = description
        self.reason = reason ?? description
    }

    /// Whether a write's commit may have happened although its answer never arrived, or arrived without
    /// the synchronous standby's confirmation.
    public var leavesOutcomeUnknown: Bool { kind == .connectionLost || kind == .commitUnconfirmed }

    /// Whether the same work may succeed on a server found again through the address: the connection
    /// broke, the commit awaits the standby, or this server stopped accepting writes (a failover).
    public var mayPassAfterReconnecting: Bool {
        switch kind {
        case .connectionLost, .commitUnconfirmed, .readOnly, .unreachable: true
        case .invalidAddress, .schemaOutdated, .migrationChanged, .permissionDenied, .valueRefused, .conflict, .busy, .corruptRow, .refused: false
        }
    }
}
