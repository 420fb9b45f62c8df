import ArgumentParser
import JSONCoding
import OrderDomain
import OrderService

/// `orderctl audit verify [ORDER_ID]`: recomputes every stream's hash chain (or one stream's).
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chains: exit 0 when every stream is intact, 1 naming each broken stream.",
        discussion: """
        Each broken stream is reported as soon as it is found, with its first bad version and the kind of \
        break: changed (a field no longer matches its hash), missing (a version is absent), reordered \
        (intact events stored at other versions) or unreadable (a row that cannot be read back, named by \
        its position; every other stream is still checked). The last line sums up.
        """
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(help: "json (default: one JSON object per line) or text.")
    var format: OutputFormat = .json

    @Argument(help: ArgumentHelp("Only this order's stream (a UUID).", valueName: "order-id"))
    var orderID: String?

    func validate() throws {
        if let orderID, OrderID(orderID) == nil { throw ValidationError("order-id must be a UUID, not \"\(orderID.prefix(60))\"") }
    }

    func run() throws {
        let only = orderID.flatMap(OrderID.init)
        let report = try connection.read(bulk: true) { session in
            try session.eventLog.verifyChains(only: only) { found in
                StandardStreams.printLine(format == .json ? Self.json(found).serialized() : Self.text(found))
            }
        }
        if let only, report.streams == 0 {
            StandardStreams.printError("order \(only) not found")
            throw ExitStatus.refused
        }
        StandardStreams.printLine(format == .json ? Self.json(report).serialized() : Self.text(report))
        if !report.intact { throw ExitStatus.refused }
    }

    static func json(_ found: ChainBreak) -> JSONValue {
        var object = JSONObject()
        object["streamId"] = .string(found.orderID.description)
        object["version"] = .integer(found.version)
        object["break"] = .string(found.kind.rawValue)
        object["detail"] = .string(found.detail)
        return .object(object)
    }

    static func text(_ found: ChainBreak) -> String {
        "BROKEN  \(found.orderID)  version \(found.version)  \(found.kind.rawValue): \(found.detail)"
    }

    static func json(_ report: ChainAuditReport) -> JSONValue {
        var object = JSONObject()
        object["intact"] = .bool(report.intact)
        object["streams"] = .integer(report.streams)
        object["events"] = .integer(report.events)
        object["brokenStreams"] = .integer(report.brokenStreams)
        return .object(object)
    }

    static func text(_ report: ChainAuditReport) -> String {
        let checked = "\(ProgressLine.grouped(report.streams)) streams, \(ProgressLine.grouped(report.events)) events"
        return report.intact ? "intact: \(checked)" : "BROKEN: \(ProgressLine.grouped(report.brokenStreams)) of \(checked)"
    }
}
