import ArgumentParser
import JSONCoding
import OrderProjections

/// `orderctl projections rebuild [NAME ...]`: rebuilds read models while writers and queries go on.
struct ProjectionsRebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild read models at this orderctl's version into new tables, verify them, then switch to them at once.",
        discussion: """
        Writers and queries keep using the live tables throughout; the switch holds appends back only while it \
        projects the last few events. Progress goes to stderr (a bar on a terminal, a line every 5 s otherwise); \
        one JSON line per rebuilt read model goes to stdout. A failed or interrupted rebuild leaves the live \
        tables untouched; running it again resumes where it stopped. Exit 1 when verification fails or it was \
        interrupted (SIGINT/SIGTERM). The contacts read model (customers' details) is folded again in one \
        transaction, with the customers' keys: customer commands wait for it, order commands and queries do not.
        """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var readModels: ReadModelNames

    @Option(help: "Events per transaction while catching up after the first pass, and between progress reports.")
    var batchSize = 5_000

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        StopSignal.install()
        let projections = try connection.open(for: .bulk).projections
        let display = ProgressDisplay()
        // One call for all of them: their new tables are filled from one read of the log.
        do {
            try projections.rebuild(readModels.readModels, batchSize: batchSize, progress: display.show, shouldStop: { StopSignal.isRequested }) { report in
                StandardStreams.printLine(Self.json(report).serialized())
            }
        } catch let failure as ProjectionRebuildError {
            display.interrupt()
            StandardStreams.printError(failure.description)
            throw ExitStatus.refused
        } catch {
            display.interrupt()
            throw InfrastructureFailure(error)
        }
        if readModels.includesContacts {
            let started = MonotonicClock.seconds()
            let events: Int
            do {
                events = try projections.rebuildContacts()
            } catch {
                throw InfrastructureFailure(error)
            }
            StandardStreams.printLine(JSONValue.object([
                "name": .string(ReadModelNames.contacts), "events": .integer(events),
                "milliseconds": .integer(Int64((MonotonicClock.seconds() - started) * 1000)),
            ]).serialized())
        }
    }

    private static func json(_ report: RebuildReport) -> JSONValue {
        var verification = JSONObject()
        verification["rows"] = .integer(report.verification.rows)
        verification["expectedRows"] = .integer(report.verification.expectedRows)
        verification["differingRows"] = .integer(report.verification.differingRows)
        verification["checkpoint"] = .string(report.verification.checkpoint.description)
        var object = JSONObject()
        object["name"] = .string(report.readModel.name)
        object["version"] = .integer(report.version)
        object["table"] = .string(report.tableName)
        object["resumed"] = .bool(report.resumed)
        object["events"] = .integer(report.events)
        object["verification"] = .object(verification)
        object["switchMilliseconds"] = .number(String(Double(Int(report.switchSeconds * 10_000)) / 10))
        return .object(object)
    }
}
