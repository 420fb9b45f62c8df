import ArgumentParser
import OrderDomain
import JSONCoding
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
        whoever holds that file can read the personal data of every customer not forgotten.
        """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("from-position"), help: ArgumentHelp("Only events at or after this global position.", valueName: "position"))
    var fromPosition: Int64?

    @Option(help: ArgumentHelp("Only events of this type (OrderPlaced, ItemAdded, ...).", valueName: "type"))
    var type: String?

    @Option(help: ArgumentHelp("Only events that occurred at or after this RFC 3339 time.", valueName: "timestamp"))
    var since: String?

    @Option(help: ArgumentHelp("Also write every customer's key to this file (mode 0600), for `import --keys`.", valueName: "file"))
    var keys: String?

    func validate() throws {
        if let fromPosition, fromPosition < 1 { throw ValidationError("--from-position must be 1 or more") }
        if let type, !ExportFilter.eventTypes.contains(type) {
            throw ValidationError("--type must be one of " + ExportFilter.eventTypes.joined(separator: ", "))
        }
        try MomentOption.validate(since, option: "--since")
    }

    func run() throws {
        let filter = ExportFilter(
            fromPosition: fromPosition, type: type, since: since.flatMap(Timestamp.init(rfc3339:))
        )
        let keyFile = try keys.map(CustomerKeyFile.create)
        let started = MonotonicClock.seconds()
        var output = JSONLinesOutput()
        let count = try connection.read(bulk: true) { session in
            try session.eventLog.export(filter) { line in
                line.write(into: &output.writer)
                output.endLine()
            }
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
}
