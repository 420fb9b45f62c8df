import ArgumentParser
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import JSONCoding
import OrderDomain
import OrderService
import PersonalDataProtection

/// `orderctl import [FILE]`: loads an exported feed into an empty store, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load an exported feed into an empty store: every version and hash is checked, and one bad line stores nothing.",
        discussion: """
        Lines are read as they come (at most \(LineReader.maximumLineLength) bytes each) and sent with COPY in one \
        transaction. The read models are caught up afterwards. Imported events have no command records: the \
        feed does not carry the commands' fingerprints. Customers' personal fields stay sealed as exported; with \
        --keys their keys are loaded too, without it every customer of the feed reads as forgotten.
        """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Feed file; standard input when absent or -.", valueName: "file"))
    var file: String?

    @Option(help: ArgumentHelp("Load the customers' keys from this file, written by `export --keys`.", valueName: "file"))
    var keys: String?

    func run() throws {
        // Read first: a bad key file stops the import before anything is sent.
        let customerKeys = try keys.map(CustomerKeyFile.read) ?? [:]
        let descriptor = try InputFile.open(file, describing: "a feed file")
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        let session = try connection.open(for: .bulk)
        var reader = LineReader(fileDescriptor: descriptor)
        let started = MonotonicClock.seconds()
        let report = try Self.importFeed(into: session, keys: customerKeys) { try Self.nextFeedLine(from: &reader) }
        let stored = MonotonicClock.seconds()
        let projected: Int
        do {
            projected = try session.projections.catchUpLiveTables()
        } catch {
            throw InfrastructureFailure(error)
        }
        StandardStreams.printLine(
            "import: \(ProgressLine.grouped(report.events)) events in \(ProgressLine.grouped(report.streams)) streams stored in "
                + "\(ProgressLine.seconds(stored - started)); read models caught up in \(ProgressLine.seconds(MonotonicClock.seconds() - stored)) "
                + "(\(ProgressLine.grouped(projected)) events projected)",
            to: .error
        )
        if report.customersWithoutKey > 0 {
            StandardStreams.printLine(
                "import: \(ProgressLine.grouped(report.customersWithoutKey)) customers came without a key and are stored forgotten: "
                    + (keys == nil ? "give the key file with --keys to keep their details" : "the key file holds no key of theirs"),
                to: .error
            )
        }
        if report.keysLeftOut > 0 {
            StandardStreams.printLine(
                "import: \(ProgressLine.grouped(report.keysLeftOut)) keys left out: their customers are not in the feed (registered after it was exported)",
                to: .error
            )
        }
        StandardStreams.printLine(
            JSONValue.object(Self.summary(of: report, withKeys: keys != nil)).serialized()
        )
    }

    /// `events` and `streams`, and `keys` when a key file was given.
    private static func summary(of report: ImportReport, withKeys: Bool) -> JSONObject {
        var summary: JSONObject = ["events": .integer(report.events), "streams": .integer(report.streams)]
        if withKeys { summary["keys"] = .integer(report.keys) }
        return summary
    }

    /// The next non-blank line of the feed with its line number, parsed, or its refusal; nil at the end.
    private static func nextFeedLine(from reader: inout LineReader) throws -> (number: Int, line: Result<FeedLine, FeedRefusal>)? {
        while let input = try reader.nextLine() {
            if input.isBlank { continue }
            switch input {
            case let .tooLong(number, length):
                return (number, .failure(FeedRefusal("the line is \(length) bytes long; the maximum is \(LineReader.maximumLineLength) bytes")))
            case let .text(number, bytes):
                do {
                    return (number, FeedLine.parse(try JSONParser.parse(bytes)))
                } catch {
                    return (number, .failure(FeedRefusal("not valid JSON: \(error)")))
                }
            }
        }
        return nil
    }

    /// Stores the whole feed or nothing; a refused feed or unreadable input ends the command with its exit status.
    private static func importFeed(
        into session: any StorageSession, keys: [CustomerID: CustomerKey], nextLine: () throws -> (number: Int, line: Result<FeedLine, FeedRefusal>)?
    ) throws -> ImportReport {
        do {
            return try session.importer.importFeed(nextLine: nextLine, keys: keys)
        } catch let refusal as ImportRefusal {
            StandardStreams.printError("import refused, nothing stored: \(refusal)")
            throw ExitStatus.refused
        } catch let error as LineReaderError {
            StandardStreams.printError("import stopped, nothing stored: \(error)")
            throw ExitStatus.usage
        } catch {
            throw InfrastructureFailure(error)
        }
    }
}
