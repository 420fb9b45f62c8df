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

        When the connection is lost, the server stops accepting writes, or a commit is not confirmed \
        by the synchronous standby, submit reconnects through the URL's hosts (postgresql://h1,h2/db) \
        for up to --reconnect-timeout seconds, settles the lines whose answers were cut off by their \
        commandId (the one the line carried, or the one submit gave it) on the server it reached, and \
        carries on: nothing is applied twice, and nothing printed accepted is lost.

        Exit status: 0 when every line was accepted or a duplicate, 1 when some line was not, \
        3 when the database failed and reconnecting did not mend it (every result printed before \
        that stands; submit the file again to finish it).
        """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("The most commands one transaction holds (1: a transaction per command).", valueName: "count"))
    var batchSize: Int = SubmitRunner.defaultBatchSize

    @Option(help: ArgumentHelp(
        "Seconds to keep reconnecting after each lost connection before exiting 3 (0: exit at once).", valueName: "seconds"
    ))
    var reconnectTimeout: Double = 30

    @Argument(help: ArgumentHelp("Commands file; standard input when absent or -.", valueName: "file"))
    var file: String?

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
        guard reconnectTimeout >= 0, reconnectTimeout.isFinite else { throw ValidationError("--reconnect-timeout must be 0 or more seconds.") }
    }

    func run() throws {
        let descriptor = try InputFile.open(file, describing: "a commands file")
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        let environment = ApplicationEnvironment.current
        // Ids for lines without a commandId depend on the run and the line number only, so that a line
        // handled again after a failover is the same command.
        let run = environment.makeIdentifier()
        let decoder = CommandLineDecoder(makeCommandIDForLine: { line in CommandID(DerivedUUID.from("orderctl submit \(run)\nline \(line)")) })
        let submission = FailoverSubmission(
            openSession: { try connection.open() },
            makeRunner: { session, settled in
                SubmitRunner(
                    decoder: decoder, handler: environment.commandHandler(writingTo: session.eventStore()), batchSize: batchSize,
                    // Batches are written on a second session while the next one is decided on the first.
                    writer: BackgroundBatchWriter { try session.openAnother().eventStore() },
                    // Customer commands are written on the first session while the order batch is written on the second.
                    customerHandler: environment.customerCommandHandler(writingTo: session.customerStore()),
                    settledCommits: settled
                )
            },
            reconnectTimeoutSeconds: reconnectTimeout,
            report: { StandardStreams.printLine("submit: " + $0, to: .error) }
        )
        var reader = LineReader(fileDescriptor: descriptor)
        let started = MonotonicClock.seconds()
        var summary = SubmitSummary()
        do {
            try submission.run(&reader) { result in
                summary.record(result.status)
                StandardStreams.printLine(result.json.serialized())
            }
        } catch let failure as InfrastructureFailure {
            // No session at all: nothing was read.
            throw failure
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
