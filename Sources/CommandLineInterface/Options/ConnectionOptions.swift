import ArgumentParser
import OrderService

/// `--database-url`, shared by every subcommand that talks to the store.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL connection URI or key=value conninfo. Default: $DATABASE_URL, else libpq's PGHOST, PGPORT, PGUSER, PGDATABASE.",
            valueName: "url"
        )
    )
    var databaseURL: String?

    /// Opens a session for `purpose`, turning failure into the one-line error and its exit status.
    func open(for purpose: StoragePurpose = .everyday) throws -> any StorageSession {
        do {
            return try ApplicationEnvironment.current.storage.open(databaseURL, for: purpose)
        } catch {
            throw InfrastructureFailure(error)
        }
    }

    /// Opens a session and runs a read, turning any store failure into its exit status. Bulk reads (export,
    /// audits, replays) lift the statement limit: their statements last as long as the log is big.
    func read<Result>(bulk: Bool = false, _ body: (any StorageSession) throws -> Result) throws -> Result {
        let session = try open(for: bulk ? .bulk : .everyday)
        do {
            return try body(session)
        } catch {
            throw InfrastructureFailure(error)
        }
    }
}
