import OrderService
import PostgresClient

extension StoreFailure {
    /// PostgreSQL's failure in the application's terms; the description keeps PostgreSQL's own words
    /// and SQLSTATE, for whoever reads the message.
    init(_ error: PostgresError) {
        let kind: Kind = switch error.kind {
        case .invalidConnectionString: .invalidAddress
        case .connectionFailed: .unreachable
        case .connectionLost: .connectionLost
        case .schemaOutdated: .schemaOutdated
        case .migrationChanged: .migrationChanged
        case .commitUnconfirmed: .commitUnconfirmed
        case .statementFailed: Self.kind(of: error.sqlState)
        }
        self.init(kind, error.description, reason: error.reason)
    }

    /// The kind of one refused statement, by its SQLSTATE.
    static func kind(of state: SQLState?) -> Kind {
        guard let state else { return .refused }
        if state == .insufficientPrivilege { return .permissionDenied }
        if state == .lockNotAvailable { return .busy }
        if state == .readOnlySQLTransaction { return .readOnly }
        if state.isDataException { return .valueRefused }
        if state.isIntegrityConstraintViolation { return .conflict }
        return .refused
    }
}

/// Runs `body`, translating a PostgreSQL failure into a `StoreFailure`; any other error (a refusal of
/// the application's own, or one thrown by a callback) passes through as it is.
func translatingFailures<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as PostgresError {
        throw StoreFailure(error)
    } catch let unreadable as UnreadableRow {
        throw StoreFailure(.corruptRow(position: unreadable.position), unreadable.description)
    }
}
