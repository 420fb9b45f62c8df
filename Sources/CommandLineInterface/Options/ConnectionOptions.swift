import ArgumentParser
import PostgresClient
import PostgresStore

/// `--database-url`, shared by every subcommand that talks to PostgreSQL.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL connection URI or key=value conninfo. Default: $DATABASE_URL, else libpq's PGHOST, PGPORT, PGUSER, PGDATABASE.",
            valueName: "url"
        )
    )
    var databaseURL: String?

    /// Connects, turning failure into the contract's one-line error and exit status 3.
    func connect() throws -> DatabaseConnection {
        do {
            return try ConnectionTarget(databaseURL: databaseURL).connect()
        } catch {
            throw InfrastructureFailure(error)
        }
    }

    /// Connects and checks that the schema is migrated. Bulk work (export, import, audits, projections)
    /// lifts the runtime role's statement timeout for its session: its statements last as long as the log is big.
    func connectToMigratedDatabase(bulk: Bool = false) throws -> DatabaseConnection {
        let connection = try connect()
        do {
            try SchemaRequirement.check(connection)
            if bulk { try RuntimeRole.allowLongStatements(on: connection) }
        } catch {
            throw InfrastructureFailure(error)
        }
        return connection
    }

    /// Connects to a migrated database and runs a read, turning any database failure into exit status 3.
    func read<Result>(bulk: Bool = false, _ body: (DatabaseConnection) throws -> Result) throws -> Result {
        let connection = try connectToMigratedDatabase(bulk: bulk)
        do {
            return try body(connection)
        } catch {
            throw InfrastructureFailure(error)
        }
    }
}
