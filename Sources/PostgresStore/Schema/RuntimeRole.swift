import PostgresClient

/// The role orderctl's everyday work runs as (migration 004): it may add to and read the log, never
/// change it. Read-model tables belong to it, since rebuilds create and drop them.
package enum RuntimeRole {
    /// The role's name.
    package static let name = "orderctl_runtime"

    /// Runs `body` as the runtime role (a migrating owner is made a member of it), so that tables it
    /// creates belong to that role; switches back afterwards, whatever happens.
    package static func acting<Result>(on connection: DatabaseConnection, _ body: () throws -> Result) throws -> Result {
        try connection.execute("SET ROLE \(SQLIdentifier.quoted(name))", context: "acting as \(name)")
        defer { _ = try? connection.execute("RESET ROLE", context: "acting as the migrating role again") }
        return try body()
    }

    /// Lifts the role's one-minute statement limit for this session: bulk work (export, import, audits,
    /// projections) has statements that run for as long as the log is big. The idle-in-transaction
    /// limit stays.
    package static func allowLongStatements(on connection: DatabaseConnection) throws(PostgresError) {
        try connection.execute("SET statement_timeout = 0", context: "allowing long statements for bulk work")
    }
}
