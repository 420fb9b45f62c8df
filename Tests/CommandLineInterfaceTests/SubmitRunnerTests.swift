import CommandLineInterface
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import SeededRandomness
import Synchronization
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

    static func makeHandler(store: any OrderEventStore) -> CommandHandler {
        CommandHandler(store: store, clock: { Timestamp(microsecondsSinceEpoch: 0) }, makeEventID: { EventID(UUID()) })
    }

    /// The results of `run` over a file of these lines, in batches of `batchSize`, written on `writer`.
    static func run(_ lines: [String], store: any OrderEventStore, batchSize: Int, writer: BackgroundBatchWriter?) throws -> [SubmitResult] {
        var results: [SubmitResult] = []
        try run(lines, store: store, batchSize: batchSize, writer: writer) { results.append($0) }
        return results
    }

    /// `run` over a file of these lines, each result emitted as the runner prints it.
    static func run(
        _ lines: [String], store: any OrderEventStore, batchSize: Int, writer: BackgroundBatchWriter?, emit: (SubmitResult) -> Void
    ) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID()).jsonl")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        let runner = SubmitRunner(
            decoder: CommandLineDecoder(makeCommandID: { CommandID(UUID()) }), handler: makeHandler(store: store), batchSize: batchSize, writer: writer
        )
        var reader = LineReader(fileDescriptor: input.fileDescriptor)
        try runner.run(&reader, emit: emit)
    }

    static func place(_ order: OrderID, command: String) -> String {
        #"{"type":"PlaceOrder","orderId":"\#(order)","commandId":"\#(command)","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#
    }

    static func addItem(_ order: OrderID, command: String, price: String = "10.00") -> String {
        #"{"type":"AddItem","orderId":"\#(order)","commandId":"\#(command)","productId":"0b000000-0000-4000-8000-000000000001","quantity":1,"unitPrice":"\#(price)"}"#
    }

    static func simple(_ type: String, _ order: OrderID, command: String) -> String {
        #"{"type":"\#(type)","orderId":"\#(order)","commandId":"\#(command)"}"#
    }

    @Test("batches written in the background while the next is decided answer exactly as lines handled one at a time")
    func backgroundWritesAnswerAsOneAtATime() throws {
        var generator = SplitMix64(seed: 20261125)
        let orders = (0..<12).map { _ in OrderID(UUID()) }
        var lines: [String] = []
        for (number, order) in orders.enumerated() {
            let prefix = String(format: "0d000000-0000-4000-8000-%010d", number)
            lines += [
                Self.place(order, command: prefix + "01"), Self.addItem(order, command: prefix + "02"),
                Self.simple("ConfirmOrder", order, command: prefix + "03"), Self.simple("ShipOrder", order, command: prefix + "04"),
            ]
        }
        // Spread over the batches: duplicates of earlier lines, a command id reused for another command,
        // commands the rules refuse, invalid and blank lines.
        for _ in 0..<30 {
            let position = Int.random(in: 1...lines.count, using: &generator)
            let earlier = lines[Int.random(in: 0..<position, using: &generator)]
            let order = orders.randomElement(using: &generator)!
            let extra = [
                earlier,
                Self.simple("CancelOrder", order, command: String(format: "0e000000-0000-4000-8000-%012d", position)),
                Self.addItem(order, command: "0d000000-0000-4000-8000-000000000001", price: "99.00"),
                Self.simple("DeliverOrder", order, command: String(format: "0f000000-0000-4000-8000-%012d", position)),
                #"{"type":"ShipOrder"}"#,
                "",
            ].randomElement(using: &generator)!
            lines.insert(extra, at: position)
        }
        let oneAtATime = try Self.run(lines, store: InMemoryOrderEventStore(), batchSize: 1, writer: nil)
        let store = LaggingWriteStore()
        let batched = try Self.run(lines, store: store, batchSize: 5, writer: BackgroundBatchWriter { store })
        #expect(batched.map { $0.json.serialized() } == oneAtATime.map { $0.json.serialized() })
        #expect(Set(batched.map(\.status)).isSuperset(of: [.accepted, .duplicate, .rejected, .invalid]))
    }

    @Test("a batch declined after the next was decided on top of it: the next is decided again, nothing rests on the write that did not happen")
    func nextBatchDecidedAgainAfterDecline() throws {
        let order = OrderID(UUID())
        let other = OrderID(UUID())
        // The rival cancels the order just before the first batch (confirm, place other) is written.
        let store = RivalBeforeBatchStore { inner in
            _ = try Self.makeHandler(store: inner).handle(CommandEnvelope(commandID: CommandID(UUID()), orderID: order, command: .cancelOrder(reason: "rival")))
        }
        let setUp = Self.makeHandler(store: store)
        for line in [Self.place(order, command: "0d000000-0000-4000-8000-000000000001"), Self.addItem(order, command: "0d000000-0000-4000-8000-000000000002")] {
            guard case .success(.order(let envelope)) = CommandLineDecoder(makeCommandID: { CommandID(UUID()) }).decode(Array(line.utf8)) else {
                Issue.record("the set-up line does not decode")
                return
            }
            _ = try setUp.handle(envelope)
        }
        let results = try Self.run([
            Self.simple("ConfirmOrder", order, command: "0d000000-0000-4000-8000-000000000003"),
            Self.place(other, command: "0d000000-0000-4000-8000-000000000011"),
            // Decided while the first batch is written, as if the order were confirmed.
            Self.simple("ShipOrder", order, command: "0d000000-0000-4000-8000-000000000004"),
            Self.addItem(other, command: "0d000000-0000-4000-8000-000000000012"),
        ], store: store, batchSize: 2, writer: BackgroundBatchWriter { store })
        #expect(results.map(\.status) == [.rejected, .accepted, .rejected, .accepted])
        #expect(try store.events(in: order).map(\.event.kind) == [.orderPlaced, .itemAdded, .orderCancelled])
        #expect(try store.events(in: other).count == 2)
    }

    @Test("the background writer opens its store at the first batch written together, never for lines handled one at a time")
    func writerOpensLazily() throws {
        let store = InMemoryOrderEventStore()
        let opened = Tally()
        let writer = BackgroundBatchWriter {
            opened.count.withLock { $0 += 1 }
            return store
        }
        let order = OrderID(UUID())
        let lines = [Self.place(order, command: "0d000000-0000-4000-8000-000000000001"), Self.addItem(order, command: "0d000000-0000-4000-8000-000000000002")]
        #expect(try Self.run(lines, store: store, batchSize: 1, writer: writer).map(\.status) == [.accepted, .accepted])
        #expect(opened.count.withLock { $0 } == 0)
        let more = [Self.simple("ConfirmOrder", order, command: "0d000000-0000-4000-8000-000000000003"), Self.simple("ShipOrder", order, command: "0d000000-0000-4000-8000-000000000004")]
        #expect(try Self.run(lines + more, store: store, batchSize: 4, writer: writer).map(\.status) == [.duplicate, .duplicate, .accepted, .accepted])
        #expect(opened.count.withLock { $0 } == 1)
    }

    @Test("a background write that fails stops the run after the results committed before it, naming its batch's lines")
    func failedBackgroundWriteStops() throws {
        let store = InMemoryOrderEventStore()
        let orders = (0..<3).map { _ in OrderID(UUID()) }
        let lines = orders.enumerated().flatMap { number, order in
            [Self.place(order, command: "0d000000-0000-4000-8000-00000000\(number)001"), Self.addItem(order, command: "0d000000-0000-4000-8000-00000000\(number)002")]
        }
        // The first write goes through; the writer's connection is then gone.
        let writer = BackgroundBatchWriter { FailingAfterFirstBatchStore(inner: store) }
        var printed: [SubmitResult] = []
        do {
            try Self.run(lines, store: store, batchSize: 2, writer: writer) { printed.append($0) }
            Issue.record("the failed write did not stop the run")
        } catch let failure as SubmitFailure {
            #expect(failure.commands.map(\.line) == [3, 4])
        }
        #expect(printed.map(\.line) == [1, 2])
        #expect(try store.events(in: orders[1]).isEmpty)
    }

    @Test("a value the store cannot hold makes that line invalid, with the store's reason, and the next line still runs")
    func dataExceptionIsOneBadLine() throws {
        let refused = OrderID(UUID())
        let store = RefusingStore(refusing: refused)
        let results = try Self.results(of: [
            #"{"type":"PlaceOrder","orderId":"\#(refused)","customerId":"\#(UUID().uuidString)","currency":"EUR"}"#,
            #"{"type":"PlaceOrder","orderId":"\#(UUID().uuidString)","customerId":"\#(UUID().uuidString)","currency":"EUR"}"#,
        ], store: store)
        #expect(results.map(\.status) == [.invalid, .accepted])
        #expect(results[0].json.serialized().contains("refused on purpose"))
        #expect(results[0].json.serialized().contains(refused.description))
    }

    @Test("any other store failure stops the run, naming the line and the command")
    func otherFailuresStop() throws {
        let refused = OrderID(UUID())
        let store = RefusingStore(refusing: refused, as: .conflict)
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

/// A count shared with a closure that runs on another thread.
private final class Tally: Sendable {
    let count = Mutex(0)
}
