import OrderService
import PostgresStore

/// The `submit` loop: every input line gets exactly one result, printed only after its commit.
public struct SubmitRunner {
    private let decoder: CommandLineDecoder
    private let handler: CommandHandler

    /// Creates a runner over a handler.
    public init(decoder: CommandLineDecoder, handler: CommandHandler) {
        self.decoder = decoder
        self.handler = handler
    }

    /// Processes lines until the input ends. Stops early only on an infrastructure failure; every
    /// result printed before that was committed (see `SubmitFailure` for the failing line's fate).
    public func run(_ reader: inout LineReader, emit: (SubmitResult) -> Void) throws {
        while let line = try reader.nextLine() {
            if let result = try self.result(for: line) { emit(result) }
        }
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
