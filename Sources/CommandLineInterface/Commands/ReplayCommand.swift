import ArgumentParser
import JSONCoding
import OrderDomain
import OrderService

/// `orderctl replay STREAM_ID`: an order's or a customer's events in order, each with the state after it.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay one order's or customer's events with the state after each (exit 1 when the stream does not exist, or not yet at --as-of).",
        discussion: """
        Events are shown as stored (older schema versions included); the state is what the domain reads from them. \
        A customer's personal fields are shown opened while the customer's key exists, and as null with \
        "forgotten": true in the payload once the customer was forgotten; the state is then null.
        """
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(name: .customLong("to-version"), help: ArgumentHelp("Stop after this version.", valueName: "n"))
    var toVersion: Int?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Stop after the last event at or before this RFC 3339 time.", valueName: "timestamp"))
    var asOf: String?

    @Option(help: "jsonl (default: one JSON object per event) or text (a timeline).")
    var format: ReplayFormat = .jsonl

    @Argument(help: ArgumentHelp("The order's or customer's UUID.", valueName: "stream-id"))
    var streamID: String

    func validate() throws {
        guard OrderID(streamID) != nil else { throw ValidationError("stream-id must be a UUID, not \"\(streamID.prefix(60))\"") }
        if let toVersion, toVersion < 1 { throw ValidationError("--to-version must be 1 or more") }
        try MomentOption.validate(asOf, option: "--as-of")
    }

    func run() throws {
        guard let id = OrderID(streamID) else { throw ExitStatus.usage }
        let moment = asOf.flatMap(Timestamp.init(rfc3339:))
        var replay = OrderReplay(toVersion: toVersion, asOf: moment)
        var found = false
        var stepsShown = 0
        var timeline: [ReplayStep] = []
        var output = JSONLinesOutput()
        // One session for the stream's kind, a customer's key and the events: a replay pays for one
        // connection, whichever kind it shows.
        // JSON Lines are written as the events arrive: a long replay renders while PostgreSQL still sends.
        // The timeline needs every row first, to align its columns.
        // Bulk: the COPY lasts as long as the reader downstream takes (`replay ... | less`), past the minute.
        let customerSteps = try connection.read(bulk: true) { session -> [CustomerReplayStep]? in
            if try session.eventLog.kind(ofStream: StreamID(id.uuid)) == .customer {
                return try self.customerSteps(of: CustomerID(id.uuid), moment: moment, on: session)
            }
            switch format {
            case .jsonl:
                // Each line as the store wrote it: no feed line is built only to be written.
                var repeatedTexts = OrderViewRepeatedTexts()
                try session.eventLog.forEachWrittenLine(of: id) { line in
                    found = true
                    guard let step = try replay.step(line) else { return }
                    stepsShown += 1
                    ReplayRendering.write(line, view: step.view, repeating: &repeatedTexts, into: &output.writer)
                    output.endLine()
                }
            case .text:
                try session.eventLog.forEachLine(of: id) { line in
                    found = true
                    guard let step = try replay.step(line) else { return }
                    stepsShown += 1
                    timeline.append(step)
                }
            }
            return nil
        }
        if let customerSteps {
            return try show(customerSteps, of: CustomerID(id.uuid), moment: moment)
        }
        guard found else {
            StandardStreams.printError("\(id) not found: no order or customer has this id")
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

    /// A customer's stream, opened with the key read just before its events: short, so read whole before
    /// it is shown.
    private func customerSteps(of id: CustomerID, moment: Timestamp?, on session: any StorageSession) throws -> [CustomerReplayStep] {
        var replay = CustomerReplay(key: try session.eventLog.key(of: id), toVersion: toVersion, asOf: moment)
        var steps: [CustomerReplayStep] = []
        try session.eventLog.forEachLine(of: OrderID(id.uuid)) { line in
            if let step = try replay.step(line) { steps.append(step) }
        }
        return steps
    }

    private func show(_ steps: [CustomerReplayStep], of id: CustomerID, moment: Timestamp?) throws {
        guard !steps.isEmpty else {
            StandardStreams.printError("customer \(id) had not been registered as of \(moment?.description ?? "then")")
            throw ExitStatus.refused
        }
        switch format {
        case .jsonl:
            var output = JSONLinesOutput()
            for step in steps {
                ReplayRendering.write(step, into: &output.writer)
                output.endLine()
            }
            output.flush()
        case .text: StandardStreams.printLine(ReplayRendering.timeline(steps))
        }
    }
}
