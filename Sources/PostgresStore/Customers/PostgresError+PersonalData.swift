import PostgresClient

extension PostgresError {
    /// The error without PostgreSQL's DETAIL, which for a refused row quotes the row ("Failing row
    /// contains (…)"): a customer's row holds their details in the clear, and errors end up in results
    /// and logs.
    var withoutDetail: PostgresError {
        PostgresError(kind: kind, sqlState: sqlState, message: message, context: context)
    }
}

/// Runs a statement of the customer store; its PostgreSQL errors lose their DETAIL (see `withoutDetail`).
func withoutPersonalDetail<Result>(_ work: () throws -> Result) throws -> Result {
    do {
        return try work()
    } catch let error as PostgresError {
        throw error.withoutDetail
    }
}
