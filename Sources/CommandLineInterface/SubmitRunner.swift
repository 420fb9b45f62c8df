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
            guard !Self.isBlank(bytes) else { return nil }
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

    /// Only JSON whitespace: skipped, but still counted in line numbers.
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// An infrastructure failure while handling one line, naming the line and command.
public struct SubmitFailure: Error, CustomStringConvertible {
    /// The input line.
    public let line: Int
    /// The command it held.
    public let envelope: CommandEnvelope
    /// What failed.
    public let underlying: any Error

    /// Whether the command's transaction may have committed: when the connection broke, a COMMIT may
    /// have reached the server even though its answer never came back.
    public var outcomeIsUnknown: Bool {
        (underlying as? PostgresError)?.kind == .connectionLost
    }

    public var description: String {
        let command = "line \(line) (\(envelope.command.kind.rawValue) \(envelope.commandID) on order \(envelope.orderID))"
        let fate = outcomeIsUnknown
            ? "the connection broke, so it may or may not have been committed"
            : "nothing of it was written"
        return "\(command) failed: \(underlying); \(fate). Lines after it were not read. "
            + "Submit the file again to finish: lines with a commandId that were applied answer duplicate"
    }
}
