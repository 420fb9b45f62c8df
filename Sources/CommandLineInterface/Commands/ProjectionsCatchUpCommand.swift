import ArgumentParser
import OrderProjections

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
        obeys after the current transaction.
        """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var readModels: ReadModelNames

    @Flag(help: "Keep running and project new events as they commit, until SIGINT or SIGTERM.")
    var follow = false

    @Option(help: "Events per transaction.")
    var batchSize = 5_000

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let wakeDescriptor = StopSignal.install()
        let projections = try connection.open(for: .bulk).projections
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
        } catch {
            throw InfrastructureFailure(error)
        }
    }
}
