import ArgumentParser
import OrderService

/// `--database-url`, shared by every subcommand that talks to the store. Sessions opened here are on a
/// server that accepts writes: of several hosts in the URL, the primary.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL connection URI or key=value conninfo; several hosts are tried in turn for the one that accepts writes "
                + "(postgresql://h1,h2/db). Default: $DATABASE_URL, else libpq's PGHOST, PGPORT, PGUSER, PGDATABASE.",
            valueName: "url"
        )
    )
    var databaseURL: String?

    /// Opens a session for `purpose`, turning failure into the one-line error and its exit status.
    func open(for purpose: StoragePurpose = .everyday) throws -> any StorageSession {
        try Self.open(databaseURL, for: purpose, access: .writing)
    }

    /// Opens a session and runs `body`, turning any store failure into its exit status. Bulk work
    /// (export, audits, replays) lifts the statement limit: its statements last as long as the log is big.
    func read<Result>(bulk: Bool = false, _ body: (any StorageSession) throws -> Result) throws -> Result {
        try Self.run(on: open(for: bulk ? .bulk : .everyday), body)
    }

    /// A new session for `purpose` within `seconds`, trying twice a second; nil when none could be opened
    /// in time or a stop was asked for (`wakeDescriptor` is `StopSignal.install()`'s). For the followers
    /// that carry on after losing the database (a failover, a restart).
    func reopen(for purpose: StoragePurpose, within seconds: Double, wakingOn wakeDescriptor: Int32) -> (any StorageSession)? {
        let deadline = MonotonicClock.seconds() + seconds
        repeat {
            if let session = try? open(for: purpose) { return session }
            StopSignal.sleep(seconds: 0.5, wakingOn: wakeDescriptor)
        } while MonotonicClock.seconds() < deadline && !StopSignal.isRequested
        return nil
    }

    /// Opens a session at `address`, turning failure into the one-line error and its exit status.
    static func open(_ address: String?, for purpose: StoragePurpose, access: StorageAccess) throws -> any StorageSession {
        do {
            return try ApplicationEnvironment.current.storage.open(address, for: purpose, access: access)
        } catch {
            throw InfrastructureFailure(error)
        }
    }

    /// Runs `body` on `session`, turning any store failure into its exit status.
    static func run<Result>(on session: any StorageSession, _ body: (any StorageSession) throws -> Result) throws -> Result {
        do {
            return try body(session)
        } catch {
            throw InfrastructureFailure(error)
        }
    }
}
