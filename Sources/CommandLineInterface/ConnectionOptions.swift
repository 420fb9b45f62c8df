import ArgumentParser
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

    /// Connects and checks that the schema is migrated.
    func connectToMigratedDatabase() throws -> DatabaseConnection {
        let connection = try connect()
        do {
            try SchemaRequirement.check(connection)
        } catch {
            throw InfrastructureFailure(error)
        }
        return connection
    }
}

/// A PostgreSQL failure on its way to stderr and exit status 3 (or 1 for a changed migration).
struct InfrastructureFailure: Error, CustomStringConvertible {
    let error: any Error

    init(_ error: any Error) {
        self.error = error
    }

    var description: String { String(describing: error) }

    var exitCode: ExitCode {
        switch (error as? PostgresError)?.kind {
        case .migrationChanged: return ExitStatus.refused
        case .invalidConnectionString: return ExitStatus.usage
        default: return ExitStatus.infrastructure
        }
    }
}
