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
