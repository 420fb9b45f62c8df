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
        let prepared = lines.map(prepare)
        let commands = prepared.compactMap { line -> (line: Int, envelope: CommandEnvelope)? in
            guard case let .command(number, envelope) = line else { return nil }
            return (number, envelope)
        }
        var outcomes: [CommandOutcome]?
        if commands.count > 1 {
            do {
                outcomes = try handler.handle(together: commands.map(\.envelope))
            } catch {
                throw SubmitFailure(commands: commands, underlying: error)
            }
        }
        // Without outcomes (a single command, or a batch not writable together, of which nothing was
        // written) each command goes alone, in order, and meets its own fate.
        var remaining = outcomes?[...]
        for line in prepared {
            switch line {
            case let .answered(result):
                if let result { emit(result) }
            case let .command(number, envelope):
                if let outcome = remaining?.popFirst() {
                    emit(SubmitResult(line: number, envelope: envelope, outcome: outcome))
                } else {
                    emit(try result(ofCommand: envelope, line: number))
                }
            }
        }
    }

    /// The result of one line; nil for a blank line.
    public func result(for line: InputLine) throws -> SubmitResult? {
        switch prepare(line) {
        case let .answered(result): result
        case let .command(number, envelope): try result(ofCommand: envelope, line: number)
        }
    }

    /// A line read as far as it goes without the store.
    private enum PreparedLine {
        /// Answered already: too long or invalid (nil for a blank line).
        case answered(SubmitResult?)
        /// A command for the handler.
        case command(line: Int, envelope: CommandEnvelope)
    }

    private func prepare(_ line: InputLine) -> PreparedLine {
        switch line {
        case let .tooLong(number, length):
            let failure = LineFailure(
                .lineTooLong, "the line is \(length) bytes long; the maximum is \(LineReader.maximumLineLength) bytes"
            )
            return .answered(SubmitResult(line: number, failure: failure))
        case let .text(number, bytes):
            guard !line.isBlank else { return .answered(nil) }
            switch decoder.decode(bytes) {
            case let .failure(failure): return .answered(SubmitResult(line: number, failure: failure))
            case let .success(envelope): return .command(line: number, envelope: envelope)
            }
        }
    }

    /// One command handled alone, in its own transaction.
    private func result(ofCommand envelope: CommandEnvelope, line number: Int) throws -> SubmitResult {
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
