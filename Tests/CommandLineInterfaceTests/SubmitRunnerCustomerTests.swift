import CommandLineInterface
import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import Testing

@Suite("Submit runner with customer commands")
struct SubmitRunnerCustomerTests {
    static let customer = CustomerID(UUID(uuidString: "5c1d7a2e-4b3f-4e8a-9c6d-2f0e1b3a4c5d")!)
    static let otherCustomer = CustomerID(UUID(uuidString: "5c1d7a2e-4b3f-4e8a-9c6d-2f0e1b3a4c5e")!)

    static func register(_ customer: CustomerID = customer, command: String) -> String {
        #"{"type":"RegisterCustomer","customerId":"\#(customer)","commandId":"\#(command)","name":"Zoë Ångström-Łukasiewicz","email":"zoe@example.com"}"#
    }

    static func changePhone(_ customer: CustomerID = customer, command: String) -> String {
        #"{"type":"ChangeContactInfo","customerId":"\#(customer)","commandId":"\#(command)","phone":"+4930123456"}"#
    }

    /// `run` over a file of these lines with `customerHandler` behind customer lines; each result is passed
    /// to `emit` as the runner prints it.
    static func run(
        _ lines: [String], store: any OrderEventStore, batchSize: Int, customerHandler: (any CustomerCommandHandling)?,
        writingTo writerStore: (any OrderEventStore)? = nil, emit: (SubmitResult) -> Void
    ) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("runner-customer-\(UUID()).jsonl")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        let runner = SubmitRunner(
            decoder: CommandLineDecoder(makeCommandID: { CommandID(UUID()) }),
            handler: SubmitRunnerTests.makeHandler(store: store),
            batchSize: batchSize,
            writer: BackgroundBatchWriter { writerStore ?? store },
            customerHandler: customerHandler
        )
        var reader = LineReader(fileDescriptor: input.fileDescriptor)
        try runner.run(&reader, emit: emit)
    }

    static func customerHandler(over store: InMemoryCustomerEventStore) -> CustomerCommandHandler {
        CustomerCommandHandler(store: store, clock: { Timestamp(microsecondsSinceEpoch: 0) }, makeEventID: { EventID(UUID()) })
    }

    /// Orders and customers interleaved, with a duplicate, a rule refusal and an invalid line of each kind.
    static func mixedDay(first: OrderID, second: OrderID) -> [String] {
        [
            SubmitRunnerTests.place(first, command: "0d000000-0000-4000-8000-000000000001"),
            register(command: "0c000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.addItem(first, command: "0d000000-0000-4000-8000-000000000002"),
            changePhone(otherCustomer, command: "0c000000-0000-4000-8000-000000000002"),
            SubmitRunnerTests.place(second, command: "0d000000-0000-4000-8000-000000000003"),
            register(otherCustomer, command: "0c000000-0000-4000-8000-000000000003"),
            changePhone(command: "0c000000-0000-4000-8000-000000000004"),
            #"{"type":"ChangeContactInfo","customerId":"\#(customer)"}"#,
            SubmitRunnerTests.simple("ConfirmOrder", first, command: "0d000000-0000-4000-8000-000000000004"),
            register(command: "0c000000-0000-4000-8000-000000000005"),
            register(command: "0c000000-0000-4000-8000-000000000001"),
            changePhone(otherCustomer, command: "0c000000-0000-4000-8000-000000000006"),
            #"{"type":"ShipOrder"}"#,
            SubmitRunnerTests.simple("ConfirmOrder", second, command: "0d000000-0000-4000-8000-000000000005"),
        ]
    }

    @Test("customer lines in batches answer exactly as every line handled alone, in input order", arguments: [2, 3, 5, 256])
    func batchesAnswerAsOneAtATime(batchSize: Int) throws {
        let first = OrderID(UUID()), second = OrderID(UUID())
        func results(batchSize: Int) throws -> (results: [String], customers: InMemoryCustomerEventStore, together: Int) {
            let customers = InMemoryCustomerEventStore()
            let handler = RecordingCustomerHandler(wrapping: Self.customerHandler(over: customers))
            var printed: [String] = []
            try Self.run(Self.mixedDay(first: first, second: second), store: InMemoryOrderEventStore(), batchSize: batchSize, customerHandler: handler) {
                printed.append($0.json.serialized())
            }
            return (printed, customers, handler.togetherCalls.count)
        }
        let alone = try results(batchSize: 1)
        let batched = try results(batchSize: batchSize)
        #expect(batched.results == alone.results)
        #expect(alone.together == 0)
        // Customer commands of a batch were written together whenever a batch held two or more.
        #expect(batched.together > 0)
        #expect(batched.customers.lines(of: Self.customer).map(\.event.type) == alone.customers.lines(of: Self.customer).map(\.event.type))
        #expect(batched.customers.contact(of: Self.otherCustomer)?.contact?.phone?.value == "+4930123456")
        let statuses = try alone.results.map { try JSONParser.parse($0).objectValue?["status"]?.stringValue }
        #expect(statuses == ["accepted", "accepted", "accepted", "rejected", "accepted", "accepted", "accepted", "invalid", "accepted", "rejected", "duplicate", "accepted", "invalid", "rejected"])
    }

    @Test("a customer command sharing a stream or a command id with an order command of its batch runs alone, after the lines before it are written and answered")
    func sharedIDsCutTheBatch() throws {
        let store = InMemoryOrderEventStore()
        let first = OrderID(UUID())
        let second = OrderID(UUID())
        let lines = [
            SubmitRunnerTests.place(first, command: "0d000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.addItem(first, command: "0d000000-0000-4000-8000-000000000002"),
            SubmitRunnerTests.place(second, command: "0d000000-0000-4000-8000-000000000003"),
            // Shares its command id with the next order line.
            Self.register(command: "0d000000-0000-4000-8000-000000000004"),
            SubmitRunnerTests.simple("ConfirmOrder", first, command: "0d000000-0000-4000-8000-000000000004"),
            SubmitRunnerTests.addItem(second, command: "0d000000-0000-4000-8000-000000000005"),
            // Names an order of the batch as its stream.
            Self.changePhone(CustomerID(second.uuid), command: "0c000000-0000-4000-8000-000000000002"),
            SubmitRunnerTests.simple("ConfirmOrder", second, command: "0d000000-0000-4000-8000-000000000006"),
        ]
        var answered: [Int] = []
        let handler = RecordingCustomerHandler { envelope, log in
            log.alone.append(.init(
                commandID: envelope.commandID, answeredBefore: answered, eventsBefore: [try store.events(in: first).count, try store.events(in: second).count]
            ))
            return .rejected(.customerNotFound)
        }
        try Self.run(lines, store: store, batchSize: 256, customerHandler: handler) { answered.append($0.line) }
        #expect(answered == Array(1...8))
        #expect(handler.togetherCalls.isEmpty)
        try #require(handler.alone.count == 2)
        #expect(handler.alone[0].answeredBefore == [1, 2, 3])
        #expect(handler.alone[0].eventsBefore == [2, 1])
        #expect(handler.alone[1].answeredBefore == [1, 2, 3, 4, 5, 6])
        #expect(handler.alone[1].eventsBefore == [3, 2])
    }

    @Test("a batch's lone customer command is written before the next batch is decided, so that batch sees it")
    func loneCustomerCommandBeforeTheNextPlan() throws {
        let store = CountingVersionReads(inner: InMemoryOrderEventStore())
        let first = OrderID(UUID()), second = OrderID(UUID())
        let lines = [
            SubmitRunnerTests.place(first, command: "0d000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.addItem(first, command: "0d000000-0000-4000-8000-000000000002"),
            Self.register(command: "0c000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.place(second, command: "0d000000-0000-4000-8000-000000000003"),
            SubmitRunnerTests.addItem(second, command: "0d000000-0000-4000-8000-000000000004"),
            SubmitRunnerTests.simple("ConfirmOrder", first, command: "0d000000-0000-4000-8000-000000000005"),
        ]
        var readsWhenCalled: [Int] = []
        let handler = RecordingCustomerHandler { _, _ in
            readsWhenCalled.append(store.versionReads)
            return .accepted(version: 1, events: [EventReceipt(type: "CustomerRegistered", version: 1, position: 100)])
        }
        var answered: [Int] = []
        try Self.run(lines, store: store, batchSize: 3, customerHandler: handler) { answered.append($0.line) }
        #expect(answered == Array(1...6))
        // One read of stream versions (the first batch's plan) before it: the second batch's plan came after.
        #expect(readsWhenCalled == [1])
        #expect(store.versionReads == 2)
    }

    @Test("when a batch's order write fails after its customer commands were written, the failure names those lines as committed")
    func failureNamesCommittedCustomerLines() throws {
        let inner = InMemoryOrderEventStore()
        let failing = FailingAfterFirstBatchStore(inner: inner)
        let customers = InMemoryCustomerEventStore()
        let first = OrderID(UUID()), second = OrderID(UUID())
        let lines = [
            SubmitRunnerTests.place(first, command: "0d000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.addItem(first, command: "0d000000-0000-4000-8000-000000000002"),
            SubmitRunnerTests.place(second, command: "0d000000-0000-4000-8000-000000000003"),
            SubmitRunnerTests.addItem(second, command: "0d000000-0000-4000-8000-000000000004"),
            Self.register(command: "0c000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.addItem(first, command: "0d000000-0000-4000-8000-000000000005", price: "10.00"),
            Self.changePhone(command: "0c000000-0000-4000-8000-000000000002"),
            SubmitRunnerTests.simple("ConfirmOrder", second, command: "0d000000-0000-4000-8000-000000000006"),
        ]
        var answered: [Int] = []
        do {
            // The first batch (lines 1 to 4) is written; the second's order write fails after its customers committed.
            try Self.run(lines, store: inner, batchSize: 4, customerHandler: Self.customerHandler(over: customers), writingTo: failing) {
                answered.append($0.line)
            }
            Issue.record("the failing write did not stop the run")
        } catch let failure as SubmitFailure {
            #expect(failure.commands.map(\.line) == [6, 8])
            #expect(failure.committedLines == [5, 7])
            #expect(failure.description.contains("Lines 5, 7 of the same batch were committed before it, without a result printed."))
        }
        #expect(answered == [1, 2, 3, 4])
        #expect(customers.lines(of: Self.customer).count == 2)
    }

    @Test("without a customer handler, a customer line stops the run as an infrastructure failure once the lines before it are answered")
    func noHandlerStopsTheRun() throws {
        let store = InMemoryOrderEventStore()
        let order = OrderID(UUID())
        let lines = [
            SubmitRunnerTests.place(order, command: "0d000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.addItem(order, command: "0d000000-0000-4000-8000-000000000002"),
            Self.register(command: "0c000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.simple("ConfirmOrder", order, command: "0d000000-0000-4000-8000-000000000003"),
        ]
        var printed: [SubmitResult] = []
        do {
            try Self.run(lines, store: store, batchSize: 256, customerHandler: nil) { printed.append($0) }
            Issue.record("the customer line did not stop the run")
        } catch let failure as SubmitFailure {
            #expect(failure.line == 3)
            #expect(failure.underlying is MissingCustomerCommandHandler)
            guard case let .customer(envelope) = failure.commands.first?.command else {
                Issue.record("the failure does not name the customer command")
                return
            }
            #expect(envelope.customerID == Self.customer)
            #expect(failure.description.contains("line 3 (RegisterCustomer 0c000000-0000-4000-8000-000000000001 on customer \(Self.customer))"))
            #expect(failure.description.contains("without a customer command handler"))
            // The failure names the command, never its personal fields.
            #expect(!failure.description.contains("zoe@example.com"))
        }
        #expect(printed.map(\.line) == [1, 2])
    }

    @Test("a customer command whose value the store refuses is one invalid line naming the customer; the run goes on")
    func refusedValueIsOneBadLine() throws {
        let order = OrderID(UUID())
        var printed: [SubmitResult] = []
        try Self.run(
            [Self.register(command: "0c000000-0000-4000-8000-000000000001"), SubmitRunnerTests.place(order, command: "0d000000-0000-4000-8000-000000000001")],
            store: InMemoryOrderEventStore(), batchSize: 256,
            customerHandler: RecordingCustomerHandler { _, _ in throw StoreFailure(.valueRefused, "appending: refused on purpose") }
        ) { printed.append($0) }
        #expect(printed.map(\.status) == [.invalid, .accepted])
        #expect(printed[0].json.serialized().hasPrefix(
            #"{"line":1,"status":"invalid","commandId":"0c000000-0000-4000-8000-000000000001","customerId":"\#(Self.customer)","error":{"code":"invalid_field","message":"the store cannot hold a value of this command: appending: refused on purpose"}"#
        ))
    }

    @Test("a failure writing a batch's customer commands together stops the run, naming every one of them")
    func failureTogetherNamesTheCustomerLines() throws {
        let handler = RecordingCustomerHandler { _, _ in .rejected(.customerNotFound) }
        handler.failTogether = StoreFailure(.connectionLost, "committing: the connection broke")
        var printed: [SubmitResult] = []
        do {
            try Self.run(
                [Self.register(command: "0c000000-0000-4000-8000-000000000001"), Self.changePhone(command: "0c000000-0000-4000-8000-000000000002")],
                store: InMemoryOrderEventStore(), batchSize: 256, customerHandler: handler
            ) { printed.append($0) }
            Issue.record("the failure did not stop the run")
        } catch let failure as SubmitFailure {
            #expect(failure.commands.map(\.line) == [1, 2])
            #expect(failure.outcomeIsUnknown)
            #expect(failure.description.contains("lines 1 to 2"))
        }
        #expect(printed.isEmpty)
    }
}

/// A customer handler double: each command alone goes to `alone` (which records what it likes in the
/// log), and `handle(together:)` is recorded and either fails on purpose, wraps a real handler, or
/// declines (so each goes alone).
private final class RecordingCustomerHandler: CustomerCommandHandling {
    struct AloneCall {
        let commandID: CommandID
        /// The lines answered when the call came.
        let answeredBefore: [Int]
        /// How many events each order stream held when the call came.
        let eventsBefore: [Int]
    }

    private let wrapped: CustomerCommandHandler?
    private let handleAlone: ((CustomerCommandEnvelope, RecordingCustomerHandler) throws -> CustomerCommandOutcome)?
    var alone: [AloneCall] = []
    var togetherCalls: [[CustomerCommandEnvelope]] = []
    var failTogether: (any Error)?

    init(wrapping handler: CustomerCommandHandler) {
        wrapped = handler
        handleAlone = nil
    }

    init(alone: @escaping (CustomerCommandEnvelope, RecordingCustomerHandler) throws -> CustomerCommandOutcome) {
        wrapped = nil
        handleAlone = alone
    }

    func handle(_ envelope: CustomerCommandEnvelope) throws -> CustomerCommandOutcome {
        if let wrapped { return try wrapped.handle(envelope) }
        return try handleAlone!(envelope, self)
    }

    func handle(together envelopes: [CustomerCommandEnvelope]) throws -> [CustomerCommandOutcome]? {
        togetherCalls.append(envelopes)
        if let failTogether { throw failTogether }
        return try wrapped?.handle(together: envelopes)
    }
}

/// An order store that counts the reads of stream versions: each batch's plan makes one.
private final class CountingVersionReads: InMemoryForwarding, @unchecked Sendable {
    let inner: InMemoryOrderEventStore
    private(set) var versionReads = 0

    init(inner: InMemoryOrderEventStore) { self.inner = inner }

    func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int] {
        versionReads += 1
        return try inner.versions(of: orderIDs)
    }

    func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] { try inner.commands(commandIDs) }
    func heads(at versions: [OrderID: Int]) throws -> [OrderID: StreamHead] { try inner.heads(at: versions) }
    func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome { try inner.append(together: appends) }
}
