import ArgumentParser
import OrderDomain
import JSONCoding
import OrderProjections
import OrderService

/// `orderctl export`: the log as JSON Lines, the shape `import` reads.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the event log as JSON Lines in commit order, with each event's hash-chain link.",
        discussion: """
        A filtered export is for reading; `import` takes whole streams only, since every chain must be complete. \
        Customers' personal fields are written as stored, sealed: a feed never carries personal data in the clear. \
        --keys FILE writes every customer's key to FILE (created with mode 0600), which `import --keys` reads: \
        whoever holds that file can read the personal data of every customer not forgotten. \
        --follow keeps printing new events, in the same commit order, within a second of their commit (or of \
        the end of an older transaction still open on the cluster, which holds them back) until SIGINT or \
        SIGTERM (exit 0). --after-position P resumes after the line printed for position P. Both print only \
        events no running transaction can still precede, so the last line printed is always a place to resume \
        from without a gap or a repeat.
        """
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(name: .customLong("from-position"), help: ArgumentHelp("Only events at or after this global position.", valueName: "position"))
    var fromPosition: Int64?

    @Option(help: ArgumentHelp("Only events of this type (OrderPlaced, ItemAdded, ...).", valueName: "type"))
    var type: String?

    @Option(help: ArgumentHelp("Only events that occurred at or after this RFC 3339 time.", valueName: "timestamp"))
    var since: String?

    @Option(
        name: .customLong("after-position"),
        help: ArgumentHelp("Resume after the event at this global position, taken from a line this export printed.", valueName: "position")
    )
    var afterPosition: Int64?

    @Flag(help: "Keep running and print new events as they commit, until SIGINT or SIGTERM.")
    var follow = false

    @Option(help: ArgumentHelp("Also write every customer's key to this file (mode 0600), for `import --keys`.", valueName: "file"))
    var keys: String?

    /// Events read per statement while following: a batch of lines flushed together.
    static let followBatchSize = 5_000

    func validate() throws {
        if let fromPosition, fromPosition < 1 { throw ValidationError("--from-position must be 1 or more") }
        if let afterPosition, afterPosition < 1 { throw ValidationError("--after-position must be 1 or more") }
        if keys != nil, follow || afterPosition != nil {
            throw ValidationError("--keys goes with a whole export, not with --follow or --after-position")
        }
        if let type, !ExportFilter.eventTypes.contains(type) {
            throw ValidationError("--type must be one of " + ExportFilter.eventTypes.joined(separator: ", "))
        }
        try MomentOption.validate(since, option: "--since")
    }

    func run() throws {
        let filter = ExportFilter(
            fromPosition: fromPosition, type: type, since: since.flatMap(Timestamp.init(rfc3339:))
        )
        if follow || afterPosition != nil { return try runFollowing(filter) }
        let keyFile = try keys.map(CustomerKeyFile.create)
        let started = MonotonicClock.seconds()
        var output = JSONLinesOutput()
        let count = try connection.read(bulk: true) { session in
            try session.eventLog.exportText(filter, into: &output.writer) { JSONLinesOutput.endLine(in: &$0) }
        }
        output.flush()
        StandardStreams.printLine("export: \(ProgressLine.grouped(count)) events in \(ProgressLine.seconds(MonotonicClock.seconds() - started))", to: .error)
        if let keys, let keyFile {
            let written = try CustomerKeyFile.write(to: keyFile, path: keys) { write in
                try connection.read { session in try session.eventLog.forEachCustomerKey(write) }
            }
            StandardStreams.printLine("export: \(ProgressLine.grouped(written)) customer keys written to \(keys) (mode 0600)", to: .error)
        }
    }

    /// `--follow` and `--after-position`: settled events after the cursor, a batch at a time, each batch
    /// flushed at once; following, it waits for the next append (or half a second, since the end of a
    /// transaction that held events back sends no notification) and reads again.
    private func runFollowing(_ filter: ExportFilter) throws {
        let wake = follow ? StopSignal.install() : -1
        let started = MonotonicClock.seconds()
        let session = try connection.open(for: .bulk)
        var output = JSONLinesOutput()
        var count = 0
        do {
            var cursor = ProjectionCheckpoint.beginning
            if let afterPosition {
                guard let found = try session.eventLog.cursor(atPosition: afterPosition) else {
                    StandardStreams.printError("no event has position \(afterPosition): give --after-position the position of a line export printed")
                    throw ExitStatus.refused
                }
                cursor = found
            }
            if follow {
                do {
                    try session.projections.listenForAppends()
                } catch let failure as StoreFailure where failure.kind == .readOnly {
                    // A standby cannot LISTEN: following one polls instead, every half second as below.
                }
            }
            while true {
                var read = 0
                repeat {
                    (cursor, read) = try session.eventLog.settledEvents(filter, after: cursor, limit: Self.followBatchSize) { line in
                        line.write(into: &output.writer)
                        output.endLine()
                        count += 1
                    }
                    output.flush()
                    // Nobody reads any more, or the disk is full: printing on would leave a gap in the feed.
                    if StandardStreams.outputFailed { throw OutputFailure() }
                } while read == Self.followBatchSize && !StopSignal.isRequested
                guard follow, !StopSignal.isRequested else { break }
                try session.projections.waitForAppends(timeout: 0.5, orReadable: wake)
                if StopSignal.isRequested { break }
            }
        } catch let status as ExitCode {
            throw status
        } catch is OutputFailure {
            StandardStreams.printError("export stopped: standard output could not be written (the reader went away, or the disk is full); resume with --after-position of the last complete line")
            throw ExitStatus.refused
        } catch {
            output.flush()
            throw InfrastructureFailure(error)
        }
        StandardStreams.printLine("export: \(ProgressLine.grouped(count)) events in \(ProgressLine.seconds(MonotonicClock.seconds() - started))", to: .error)
    }
}

/// Standard output failed while following: the feed stops where it was last written whole.
private struct OutputFailure: Error {}
