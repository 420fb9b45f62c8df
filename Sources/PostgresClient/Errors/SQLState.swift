/// A PostgreSQL error code (SQLSTATE). The codes orderctl acts on are named here, and only here.
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// 23505: a unique constraint (stream version, command id, ...) was violated.
    public static let uniqueViolation = SQLState(rawValue: "23505")
    /// 23514: a check constraint was violated.
    public static let checkViolation = SQLState(rawValue: "23514")
    /// 25006: a write on a read-only server or transaction (a standby, or a primary being demoted).
    public static let readOnlySQLTransaction = SQLState(rawValue: "25006")
    /// 57014: the statement was cancelled (a cancel request or `statement_timeout`).
    public static let queryCanceled = SQLState(rawValue: "57014")
    /// 42501: the role lacks a privilege (or is not the owner) the statement needs.
    public static let insufficientPrivilege = SQLState(rawValue: "42501")
    /// 42P01: a table does not exist (the schema is missing).
    public static let undefinedTable = SQLState(rawValue: "42P01")
    /// 55P03: `lock_timeout` expired (a switch or a drop waited too long for a lock).
    public static let lockNotAvailable = SQLState(rawValue: "55P03")
    /// P0001: raised by a PL/pgSQL `RAISE EXCEPTION`, as the append-only triggers do.
    public static let raiseException = SQLState(rawValue: "P0001")

    /// Class 22: PostgreSQL cannot hold a value (NUL in text, a number out of range, ...).
    public var isDataException: Bool { rawValue.hasPrefix("22") }
    /// Class 23: a constraint refused the row (unique, foreign key, check, not null).
    public var isIntegrityConstraintViolation: Bool { rawValue.hasPrefix("23") }
    /// Class 40, transaction rollback: a deadlock or a serialization failure. The transaction was
    /// rolled back whole, so running it again is safe.
    public var isTransactionRollback: Bool { rawValue.hasPrefix("40") }
    /// Class 08: the connection failed or broke.
    public var isConnectionException: Bool { rawValue.hasPrefix("08") }
    /// Class 57P: the server is shutting down or was restarted under us.
    public var isOperatorIntervention: Bool { rawValue.hasPrefix("57P") }

    public var description: String { rawValue }
}
