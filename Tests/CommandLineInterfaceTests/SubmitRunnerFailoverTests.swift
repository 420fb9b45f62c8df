import CommandLineInterface
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import Testing

@Suite("Submit runner across a failover")
struct SubmitRunnerFailoverTests {
    /// Line-number ids, as submit gives lines without a commandId.
    static let decoder = CommandLineDecoder(makeCommandIDForLine: { CommandID(DerivedUUID.from("test run\nline \($0)")) })

    static func runner(on store: any OrderEventStore, settled: [CommandID: EventReceipt] = [:]) -> SubmitRunner {
        SubmitRunner(decoder: decoder, handler: SubmitRunnerTests.makeHandler(store: store), batchSize: 1, settledCommits: settled)
    }

    static func reader(over lines: [String]) throws -> (LineReader, FileHandle) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("failover-\(UUID()).jsonl")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let input = try FileHandle(forReadingFrom: file)
        return (LineReader(fileDescriptor: input.fileDescriptor), input)
    }

    @Test("a commit whose answer was lost: the failure gives back every unanswered line, and the next runner answers the committed one accepted, once, and applies the rest")
    func committedLineIsSettledAccepted() throws {
        let inner = InMemoryOrderEventStore()
        let lost = OrderID(UUID())
        let other = OrderID(UUID())
        // The lost line has no commandId: the id it is given again must be the same.
        let lines = [
            #"{"type":"PlaceOrder","orderId":"\#(other)","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#,
            #"{"type":"PlaceOrder","orderId":"\#(lost)","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#,
            "",
            SubmitRunnerTests.addItem(lost, command: UUID().uuidString),
        ]
        var (reader, input) = try Self.reader(over: lines)
        defer { try? input.close() }
        var printed: [SubmitResult] = []
        var failure: SubmitFailure?
        do {
            try Self.runner(on: CommitThenLoseStore(inner: inner, losingTheAnswerFor: lost)).run(&reader) { printed.append($0) }
        } catch let caught as SubmitFailure {
            failure = caught
        }
        let cutOff = try #require(failure, "the lost answer did not stop the run")
        #expect(cutOff.outcomeIsUnknown && cutOff.mayPassAfterReconnecting)
        #expect(printed.map(\.line) == [1])
        #expect(cutOff.unansweredLines.map(\.number) == [2], "only the lines read: the batch of one")

        // Settling finds the commit by the id the line was given; the next runner carries on.
        let runner = Self.runner(on: inner)
        let ids = runner.commandIDs(of: cutOff.unansweredLines)
        let record = try #require(try inner.command(ids[0]), "the line's commit is in the store under the id it was given")
        let event = try #require(try inner.events(in: lost).first { $0.version == record.resultingVersion })
        let receipt = EventReceipt(type: event.event.kind.rawValue, version: event.version, position: event.position)
        reader.giveBack(cutOff.unansweredLines)
        try Self.runner(on: inner, settled: [ids[0]: receipt]).run(&reader) { printed.append($0) }

        #expect(printed.map(\.line) == [1, 2, 4])
        #expect(printed.map(\.status) == [.accepted, .accepted, .accepted])
        #expect(printed[1].json.serialized().contains(#""position":\#(receipt.position)"#))
        #expect(try inner.events(in: lost).count == 2, "the lost line's command was applied once")
    }

    @Test("a settled command answers accepted only once: a later line repeating its id answers duplicate")
    func settledOnlyOnce() throws {
        let inner = InMemoryOrderEventStore()
        let order = OrderID(UUID())
        let commandID = UUID().uuidString.lowercased()
        let place = SubmitRunnerTests.place(order, command: commandID)
        _ = try SubmitRunnerTests.results(of: [place], store: inner)
        let event = try #require(try inner.events(in: order).first)
        let receipt = EventReceipt(type: event.event.kind.rawValue, version: event.version, position: event.position)
        var (reader, input) = try Self.reader(over: [place, place])
        defer { try? input.close() }
        var printed: [SubmitResult] = []
        try Self.runner(on: inner, settled: [CommandID(UUID(uuidString: commandID)!): receipt]).run(&reader) { printed.append($0) }
        #expect(printed.map(\.status) == [.accepted, .duplicate])
    }

    @Test("ids for lines without a commandId depend on the line number only")
    func generatedIDsFollowTheLine() throws {
        let line = Array(#"{"type":"ConfirmOrder","orderId":"\#(UUID())"}"#.utf8)
        func id(_ number: Int) throws -> CommandID {
            guard case let .success(.order(envelope)) = Self.decoder.decode(line, line: number) else { throw CancellationError() }
            return envelope.commandID
        }
        #expect(try id(7) == id(7))
        #expect(try id(7) != id(8))
    }
}
