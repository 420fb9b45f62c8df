import ArgumentParser
import OrderProjections
import OrderService

/// `orderctl projections catch-up [NAME ...] [--follow]`: projects the log into every registered table.
struct ProjectionsCatchUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catch-up",
        abstract: "Project the events past each read model's checkpoint, in gap-safe commit order.",
        discussion: """
        Works on the live table and any unfinished rebuild of each named read model (default: all). Each batch \
        writes its rows and moves the checkpoint in one transaction, under a lock that keeps a second runner of \
        the same table out. Events behind a transaction that is still open wait for it; none is skipped. \
        With --follow it keeps running, woken by appends (LISTEN/NOTIFY), until SIGINT or SIGTERM, which it \
        obeys after the current transaction; when the database goes away (a failover, a restart) it reconnects \
        through the URL's hosts for up to --reconnect-timeout seconds and resumes from the committed checkpoints.
        """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var readModels: ReadModelNames

    @Flag(help: "Keep running and project new events as they commit, until SIGINT or SIGTERM.")
    var follow = false

    @Option(help: "Events per transaction.")
    var batchSize = 5_000

    @Option(help: ArgumentHelp("With --follow: seconds to keep reconnecting after losing the database, before exiting 3.", valueName: "seconds"))
    var reconnectTimeout: Double = 30

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard reconnectTimeout >= 0, reconnectTimeout.isFinite else { throw ValidationError("--reconnect-timeout must be 0 or more seconds") }
    }

    func run() throws {
        let wakeDescriptor = StopSignal.install()
        var projections = try connection.open(for: .bulk).projections
        while true {
            do {
                try catchUp(projections, wakeDescriptor: wakeDescriptor)
                return
            } catch let failure as StoreFailure where follow && reconnectTimeout > 0 && failure.mayPassAfterReconnecting {
                // Every batch commits its rows with its checkpoint, so a new session resumes where the last commit left off.
                StandardStreams.printLine("\(failure); reconnecting for up to \(FailoverSubmission.seconds(reconnectTimeout))", to: .error)
                guard let reopened = connection.reopen(for: .bulk, within: reconnectTimeout, wakingOn: wakeDescriptor) else {
                    throw InfrastructureFailure(failure)
                }
                projections = reopened.projections
            } catch let failure as InfrastructureFailure {
                throw failure
            } catch {
                throw InfrastructureFailure(error)
            }
        }
    }


    private func catchUp(_ projections: any ProjectionMaintaining, wakeDescriptor: Int32) throws {
        do {
            if follow { try projections.listenForAppends() }
            let chosen = Set(readModels.readModels.map(\.name))
            var lastReport = ""
            repeat {
                var lines: [String] = []
                var anyHeldBack = false
                for entry in try projections.registeredTables() where chosen.contains(entry.name) && entry.state != .retired {
                    let events = try projections.catchUp(tableID: entry.id, batchSize: batchSize, shouldStop: { StopSignal.isRequested })
                    guard let now = try projections.registeredTable(id: entry.id) else { continue }
                    let lag = try projections.lag(of: now)
                    anyHeldBack = anyHeldBack || lag.heldBack > 0
                    lines.append(
                        "\(now.name) v\(now.version) (\(now.state.rawValue), \(now.tableName)): \(ProgressLine.grouped(events)) events projected, "
                            + "checkpoint \(now.checkpoint), lag \(ProgressLine.grouped(lag.events))"
                            + (lag.heldBack > 0 ? " (\(ProgressLine.grouped(lag.heldBack)) waiting for an older open transaction to end)" : "")
                    )
                }
                // A follower reports only when something changed, so an idle one stays quiet.
                let report = lines.joined(separator: "\n")
                if !follow || report != lastReport { StandardStreams.printLine(report, to: .error) }
                lastReport = report
                guard follow, !StopSignal.isRequested else { break }
                // Appends notify on commit; an open transaction that holds events back ends without one.
                try projections.waitForAppends(timeout: anyHeldBack ? 0.5 : 30, orReadable: wakeDescriptor)
            } while !StopSignal.isRequested
            if StopSignal.isRequested { StandardStreams.printLine("stopped on request; every checkpoint is committed", to: .error) }
        }
    }
}
