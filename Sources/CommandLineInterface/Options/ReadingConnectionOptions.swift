import ArgumentParser
import OrderService

/// The connection of a subcommand that only reads: `--database-url`, or a replica with `--read-url`, and
/// `--min-position` to wait until the server read from shows one's own writes.
struct ReadingConnectionOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Option(
        name: .customLong("read-url"),
        help: ArgumentHelp(
            "Read from this server only (a standby, or several hosts with target_session_attrs=prefer-standby) instead of "
                + "--database-url. Default: $ORDERCTL_READ_URL.",
            valueName: "url"
        )
    )
    var readURL: String?

    @Option(
        name: .customLong("min-position"),
        help: ArgumentHelp(
            "Wait until the server read from shows the event at this global position (one of submit's results) before reading.",
            valueName: "position"
        )
    )
    var minimumPosition: Int64?

    @Option(
        name: .customLong("wait-timeout"),
        help: ArgumentHelp("Seconds --min-position waits before giving up with exit status 3.", valueName: "seconds")
    )
    var waitTimeoutSeconds: Double = 5

    func validate() throws {
        if let minimumPosition, minimumPosition < 1 { throw ValidationError("--min-position must be a global position, 1 or more.") }
        guard waitTimeoutSeconds >= 0, waitTimeoutSeconds.isFinite else { throw ValidationError("--wait-timeout must be 0 or more seconds.") }
    }

    /// The address reads go to: `--read-url`, else `ORDERCTL_READ_URL`, else the database URL.
    private var readAddress: String? {
        readURL ?? ProcessEnvironment.value(of: "ORDERCTL_READ_URL") ?? connection.databaseURL
    }

    /// Opens a session on the server to read from, once it shows `--min-position`.
    func open(for purpose: StoragePurpose = .everyday) throws -> any StorageSession {
        let session = try ConnectionOptions.open(readAddress, for: purpose, access: .reading)
        if let minimumPosition {
            try ConnectionOptions.run(on: session) { try waitUntilShowing(minimumPosition, on: $0) }
        }
        return session
    }

    /// Opens a session as `open` does and runs a read, turning any store failure into its exit status.
    /// Bulk reads (export, audits, replays) lift the statement limit.
    func read<Result>(bulk: Bool = false, _ body: (any StorageSession) throws -> Result) throws -> Result {
        try ConnectionOptions.run(on: open(for: bulk ? .bulk : .everyday), body)
    }

    /// Asks the server until it shows `position`, for up to `--wait-timeout`; then fails with how far behind it is.
    private func waitUntilShowing(_ position: Int64, on session: any StorageSession) throws {
        let deadline = MonotonicClock.seconds() + waitTimeoutSeconds
        var pause = 0.005
        while true {
            let visibility = try session.eventLog.visibility(of: position)
            if visibility.isShowing { return }
            guard MonotonicClock.seconds() < deadline else { throw ReplicaBehind(location: session.location, position: position, visibility: visibility, waitedSeconds: waitTimeoutSeconds) }
            // Short pauses first (a standby is usually milliseconds behind), longer ones while it stays behind.
            StopSignal.sleep(seconds: min(pause, max(0, deadline - MonotonicClock.seconds())), wakingOn: -1)
            pause = min(pause * 2, 0.2)
        }
    }
}
