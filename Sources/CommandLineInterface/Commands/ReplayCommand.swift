import ArgumentParser
import JSONCoding
import OrderDomain
import OrderService

/// `orderctl replay ORDER_ID`: the stream's events in order, each with the order's state after it.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay one order's events with its state after each (exit 1 when the order does not exist, or not yet at --as-of).",
        discussion: "Events are shown as stored (older schema versions included); the state is what the domain reads from them."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("to-version"), help: ArgumentHelp("Stop after this version.", valueName: "n"))
    var toVersion: Int?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Stop after the last event at or before this RFC 3339 time.", valueName: "timestamp"))
    var asOf: String?

    @Option(help: "jsonl (default: one JSON object per event) or text (a timeline).")
    var format: ReplayFormat = .jsonl

    @Argument(help: ArgumentHelp("The order's UUID.", valueName: "order-id"))
    var orderID: String

    func validate() throws {
        guard OrderID(orderID) != nil else { throw ValidationError("order-id must be a UUID, not \"\(orderID.prefix(60))\"") }
        if let toVersion, toVersion < 1 { throw ValidationError("--to-version must be 1 or more") }
        try MomentOption.validate(asOf, option: "--as-of")
    }

    func run() throws {
        guard let id = OrderID(orderID) else { throw ExitStatus.usage }
        let moment = asOf.flatMap(Timestamp.init(rfc3339:))
        var replay = OrderReplay(toVersion: toVersion, asOf: moment)
        var found = false
        var stepsShown = 0
        var timeline: [ReplayStep] = []
        var output = JSONLinesOutput()
        // JSON Lines are written as the events arrive: a long replay renders while PostgreSQL still sends.
        // The timeline needs every row first, to align its columns.
        // Bulk: the COPY lasts as long as the reader downstream takes (`replay ... | less`), past the minute.
        try connection.read(bulk: true) { session in
            try session.eventLog.forEachLine(of: id) { line in
                found = true
                guard let step = try replay.step(line) else { return }
                stepsShown += 1
                switch format {
                case .jsonl:
                    ReplayRendering.write(step, into: &output.writer)
                    output.endLine()
                case .text: timeline.append(step)
                }
            }
        }
        guard found else {
            StandardStreams.printError("order \(id) not found")
            throw ExitStatus.refused
        }
        // --to-version is at least 1, so only --as-of can leave nothing: a moment before the order was placed.
        guard stepsShown > 0 else {
            StandardStreams.printError("order \(id) had not been placed as of \(moment?.description ?? "then")")
            throw ExitStatus.refused
        }
        switch format {
        case .jsonl: output.flush()
        case .text: StandardStreams.printLine(ReplayRendering.timeline(timeline))
        }
    }
}
