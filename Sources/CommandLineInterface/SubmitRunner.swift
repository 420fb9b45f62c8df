import OrderService
import PostgresStore

/// The `submit` loop: every input line gets exactly one result, printed only after its commit.
///
/// Lines are handled in batches of up to `batchSize` that commit in one transaction: one commit (one
/// disk flush) and a few round trips for the lot instead of several per command. A batch holds only
/// lines already at hand, so nobody waits for input to fill one. When a batch cannot be written
/// together, its lines are handled again one at a time, which gives every line its own fate.
public struct SubmitRunner {
    /// The default batch size: past a few hundred commands a transaction, the flush is paid for and
    /// larger batches only hold results back longer (see the README's benchmark).
    public static let defaultBatchSize = 256

    private let decoder: CommandLineDecoder
    private let handler: CommandHandler
    private let batchSize: Int

    /// Creates a runner over a handler; a batch size of 1 handles every line in its own transaction.
    public init(decoder: CommandLineDecoder, handler: CommandHandler, batchSize: Int = SubmitRunner.defaultBatchSize) {
        precondition(batchSize >= 1)
        self.decoder = decoder
        self.handler = handler
        self.batchSize = batchSize
    }

    /// Processes lines until the input ends. Stops early only on an infrastructure failure; every
    /// result printed before that was committed (see `SubmitFailure` for the failing lines' fate).
    public func run(_ reader: inout LineReader, emit: (SubmitResult) -> Void) throws {
        var batch: [InputLine] = []
        batch.reserveCapacity(batchSize)
        while let line = try reader.nextLine() {
            batch.append(line)
            if batch.count >= batchSize || !reader.hasInputReady {
                try handle(batch, emit: emit)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try handle(batch, emit: emit) }
    }

    /// Results for a batch of lines, emitted in input order once their transaction committed.
    func handle(_ lines: [InputLine], emit: (SubmitResult) -> Void) throws {
        guard lines.count > 1 else {
            for line in lines { if let result = try result(for: line) { emit(result) } }
            return
        }
        // Each line is either answered without the store (blank, too long, invalid) or a command.
        var answered: [SubmitResult?] = []
        var commands: [(line: Int, envelope: CommandEnvelope)] = []
        var commandSlots: [Int] = []
        for line in lines {
            switch line {
            case let .text(number, bytes) where !line.isBlank:
                switch decoder.decode(bytes) {
                case let .failure(failure):
                    answered.append(SubmitResult(line: number, failure: failure))
                case let .success(envelope):
                    commandSlots.append(answered.count)
                    answered.append(nil)
                    commands.append((number, envelope))
                }
            default:
                answered.append(try result(for: line))
            }
        }
        let outcomes: [CommandOutcome]?
        do {
            outcomes = commands.isEmpty ? [] : try handler.handle(together: commands.map(\.envelope))
        } catch {
            throw SubmitFailure(commands: commands, underlying: error)
        }
        guard let outcomes else {
            // Not writable together, and nothing was written: each line alone, in order, meets its own fate.
            for line in lines { if let result = try result(for: line) { emit(result) } }
            return
        }
        for (slot, (command, outcome)) in zip(commandSlots, zip(commands, outcomes)) {
            answered[slot] = SubmitResult(line: command.line, envelope: command.envelope, outcome: outcome)
        }
        for result in answered { if let result { emit(result) } }
    }

    /// The result of one line; nil for a blank line.
    public func result(for line: InputLine) throws -> SubmitResult? {
        switch line {
        case let .tooLong(number, length):
            let failure = LineFailure(
                .lineTooLong, "the line is \(length) bytes long; the maximum is \(LineReader.maximumLineLength) bytes"
            )
            return SubmitResult(line: number, failure: failure)
        case let .text(number, bytes):
            guard !line.isBlank else { return nil }
            switch decoder.decode(bytes) {
            case let .failure(failure):
                return SubmitResult(line: number, failure: failure)
            case let .success(envelope):
                do {
                    return SubmitResult(line: number, envelope: envelope, outcome: try handler.handle(envelope))
                } catch let error as PostgresError where error.kind == .statementFailed && error.sqlState?.isDataException == true {
                    // The transaction rolled back and the connection is fine: the line itself held a value
                    // PostgreSQL cannot store, so answer it as a bad line and go on with the next.
                    var failure = LineFailure(.invalidField, "PostgreSQL cannot store a value of this command: \(error.message) [SQLSTATE \(error.sqlState!)]")
                    failure.commandID = envelope.commandID
                    failure.orderID = envelope.orderID
                    return SubmitResult(line: number, failure: failure)
                } catch {
                    throw SubmitFailure(line: number, envelope: envelope, underlying: error)
                }
            }
        }
    }
}
