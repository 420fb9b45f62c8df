import ArgumentParser
import JSONCoding
import OrderProjections

/// `orderctl projections status`: per read model, the versions, checkpoint and lag.
struct ProjectionsStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each read model's version in code and live, checkpoint, lag, any rebuild, and the oldest open transaction.",
        discussion: """
        lag counts committed events past the checkpoint; heldBack counts those the catch-up runner may not read yet \
        because an older transaction is still open. Live read models are also written inline by every append, so \
        query answers are current whatever the lag: the checkpoint says how far the log has been confirmed.
        """
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(help: "json (default) or text.")
    var format: OutputFormat = .json

    func run() throws {
        let report = try connection.read { try ProjectionsReport.measure($0.projections) }
        switch format {
        case .json: StandardStreams.printLine(report.json.serialized(indentedBy: 2))
        case .text: StandardStreams.printLine(report.text)
        }
    }
}
