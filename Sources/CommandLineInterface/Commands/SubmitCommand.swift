import ArgumentParser
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import OrderService

/// `orderctl submit [FILE]`: JSON Lines commands in, one JSON result per line out.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Apply commands from a JSON Lines file or standard input; print one JSON result per line.",
        discussion: """
        Each non-blank line is one JSON command, for example:

          {"type":"ConfirmOrder","orderId":"<uuid>","commandId":"<uuid>"}

        Results go to standard output, one per line in input order, with status accepted, \
        duplicate, rejected, conflict or invalid; a summary goes to standard error. A result \
        is printed only after its command committed.

        Lines already at hand are handled in batches of up to --batch-size commands, each batch in \
        one transaction; a batch that cannot be written together (another writer raced it, or \
        PostgreSQL refused a row) is handled again line by line, so every line keeps its own fate. \
        A batch is written on a second connection while the next one is decided on the first.

        Exit status: 0 when every line was accepted or a duplicate, 1 when some line was not, \
        3 when the database failed (every result printed before that stands; submit the file \
        again to finish it).
        """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("The most commands one transaction holds (1: a transaction per command).", valueName: "count"))
    var batchSize: Int = SubmitRunner.defaultBatchSize

    @Argument(help: ArgumentHelp("Commands file; standard input when absent or -.", valueName: "file"))
    var file: String?

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
    }

    func run() throws {
        let descriptor = try InputFile.open(file, describing: "a commands file")
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        let environment = ApplicationEnvironment.current
        let session = try connection.open()
        let handler = environment.commandHandler(writingTo: session.eventStore())
        // Batches are written on a second session while the next one is decided on the first.
        let writer = BackgroundBatchWriter { try session.openAnother().eventStore() }
        // Customer commands are written on the first session while the order batch is written on the second.
        let customerHandler = environment.customerCommandHandler(writingTo: session.customerStore())
        let runner = SubmitRunner(
            decoder: CommandLineDecoder(makeCommandID: { CommandID(environment.makeIdentifier()) }), handler: handler, batchSize: batchSize, writer: writer,
            customerHandler: customerHandler
        )
        var reader = LineReader(fileDescriptor: descriptor)
        let started = MonotonicClock.seconds()
        var summary = SubmitSummary()
        do {
            try runner.run(&reader) { result in
                summary.record(result.status)
                StandardStreams.printLine(result.json.serialized())
            }
        } catch {
            StandardStreams.printLine("submit: " + summary.line(elapsedSeconds: MonotonicClock.seconds() - started) + " before stopping", to: .error)
            if let failure = error as? SubmitFailure {
                StandardStreams.printError(failure.description)
                throw ExitStatus.infrastructure
            }
            StandardStreams.printError(String(describing: error))
            // Only the input itself can fail here besides the database: a usage problem, not the database's.
            throw error is LineReaderError ? ExitStatus.usage : ExitStatus.infrastructure
        }
        StandardStreams.printLine("submit: " + summary.line(elapsedSeconds: MonotonicClock.seconds() - started), to: .error)
        if !summary.everythingApplied { throw ExitStatus.refused }
    }
}
