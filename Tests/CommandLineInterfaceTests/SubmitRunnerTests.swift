import CommandLineInterface
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import PostgresStore
import Testing

@Suite("Submit runner")
struct SubmitRunnerTests {
    static func results(of lines: [String], store: any OrderEventStore) throws -> [SubmitResult] {
        let handler = CommandHandler(store: store, clock: { Timestamp(microsecondsSinceEpoch: 0) }, makeEventID: { EventID(UUID()) })
        let runner = SubmitRunner(decoder: CommandLineDecoder(makeCommandID: { CommandID(UUID()) }), handler: handler)
        return try lines.enumerated().compactMap { index, line in
            try runner.result(for: .text(number: index + 1, bytes: Array(line.utf8)))
        }
    }

    @Test("a value PostgreSQL refuses (SQLSTATE class 22) makes that line invalid and the next line still runs")
    func dataExceptionIsOneBadLine() throws {
        let refused = OrderID(UUID())
        let store = RefusingStore(refusing: refused)
        let results = try Self.results(of: [
            #"{"type":"PlaceOrder","orderId":"\#(refused)","customerId":"\#(UUID().uuidString)","currency":"EUR"}"#,
            #"{"type":"PlaceOrder","orderId":"\#(UUID().uuidString)","customerId":"\#(UUID().uuidString)","currency":"EUR"}"#,
        ], store: store)
        #expect(results.map(\.status) == [.invalid, .accepted])
        #expect(results[0].json.serialized().contains("22P05"))
        #expect(results[0].json.serialized().contains(refused.description))
    }

    @Test("any other database failure stops the run, naming the line and the command")
    func otherFailuresStop() throws {
        let refused = OrderID(UUID())
        let store = RefusingStore(refusing: refused, sqlState: SQLState.checkViolation)
        do {
            _ = try Self.results(of: [#"{"type":"PlaceOrder","orderId":"\#(refused)","customerId":"\#(UUID().uuidString)","currency":"EUR"}"#], store: store)
            Issue.record("the failure did not stop the run")
        } catch let failure as SubmitFailure {
            #expect(failure.line == 1)
            #expect(!failure.outcomeIsUnknown)
            #expect(failure.description.contains("nothing of it was written"))
        }
    }

    @Test("blank lines give no result but keep their numbers")
    func blankLines() throws {
        let results = try Self.results(of: ["", "  \t", #"{"type":"ConfirmOrder","orderId":"\#(UUID().uuidString)"}"#], store: InMemoryOrderEventStore())
        #expect(results.map(\.line) == [3])
        #expect(results.map(\.status) == [.rejected])
    }
}

/// An in-memory store whose appends to one order fail the way PostgreSQL would refuse them.
final class RefusingStore: OrderEventStore {
    private let inner = InMemoryOrderEventStore()
    private let refused: OrderID
    private let sqlState: SQLState

    init(refusing refused: OrderID, sqlState: SQLState = SQLState(rawValue: "22P05")) {
        self.refused = refused
        self.sqlState = sqlState
    }

    func events(in orderID: OrderID) throws -> [RecordedEvent] { try inner.events(in: orderID) }
    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func view(of orderID: OrderID) throws -> OrderView? { try inner.view(of: orderID) }

    func append(_ append: StreamAppend) throws -> AppendOutcome {
        guard append.orderID != refused else {
            throw PostgresError(kind: .statementFailed, sqlState: sqlState, message: "refused on purpose", context: "appending to stream \(refused)")
        }
        return try inner.append(append)
    }
}
