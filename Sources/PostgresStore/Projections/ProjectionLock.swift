import PostgresClient

/// The advisory locks that order projection work against appends and against each other.
///
/// Both use PostgreSQL's two-key form, which never collides with the one-key lock of `migrate`.
enum ProjectionLock {
    /// Every append holds it shared for its transaction; the rebuild's switch takes it exclusive, so the
    /// switch waits for appends in flight and holds back new ones for the few milliseconds it lasts.
    private static let switchKeys = ["1869767729", "0"] // "orc1"
    /// Held (per transaction or per session) by whoever writes one registered table's rows from the log:
    /// one runner per table at a time, keyed by the registry id.
    private static let runnerClassID = "1869767730" // "orc2"

    /// An append's share of the switch lock, for its transaction, with the notification that wakes
    /// `catch-up --follow` once the append commits (one statement, one round trip).
    static func holdSwitchSharedAndNotify(on connection: DatabaseConnection, context: String) throws(PostgresError) {
        try connection.execute(
            "SELECT pg_advisory_xact_lock_shared($1::int, $2::int), pg_notify($3, '')",
            switchKeys + [ProjectionNotifications.channel], context: context
        )
    }

    /// The switch lock alone, for the switch transaction: waits for every append in flight.
    static func holdSwitchExclusively(on connection: DatabaseConnection, context: String) throws(PostgresError) {
        try connection.execute("SELECT pg_advisory_xact_lock($1::int, $2::int)", switchKeys, context: context)
    }

    /// One table's runner lock, until the transaction ends.
    static func holdRunner(of registryID: Int, on connection: DatabaseConnection, context: String) throws(PostgresError) {
        try connection.execute("SELECT pg_advisory_xact_lock($1::int, $2::int)", [runnerClassID, String(registryID)], context: context)
    }

    /// One table's runner lock until the transaction ends, if no one holds it; returns whether it was taken.
    static func tryHoldRunner(of registryID: Int, on connection: DatabaseConnection, context: String) throws(PostgresError) -> Bool {
        try connection.execute("SELECT pg_try_advisory_xact_lock($1::int, $2::int)", [runnerClassID, String(registryID)], context: context)
            .string(row: 0, column: 0) == "t"
    }

    /// One table's runner lock across transactions (the verification), released when `body` returns.
    static func withRunner<Result>(of registryID: Int, on connection: DatabaseConnection, context: String, _ body: () throws -> Result) throws -> Result {
        let keys = [runnerClassID, String(registryID)]
        try connection.execute("SELECT pg_advisory_lock($1::int, $2::int)", keys, context: context)
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1::int, $2::int)", keys, context: context) }
        return try body()
    }
}
