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

    static func register(command: String) -> String {
        #"{"type":"RegisterCustomer","customerId":"\#(customer)","commandId":"\#(command)","name":"Zoë Ångström-Łukasiewicz","email":"zoe@example.com"}"#
    }

    static func changePhone(command: String) -> String {
        #"{"type":"ChangeContactInfo","customerId":"\#(customer)","commandId":"\#(command)","phone":"+4930123456"}"#
    }

    /// `run` over a file of these lines, with `handleCustomerCommand` behind customer lines; each result
    /// is passed to `emit` as the runner prints it.
    static func run(
        _ lines: [String], store: InMemoryOrderEventStore, batchSize: Int, handleCustomerCommand: CustomerCommandHandling?, emit: (SubmitResult) -> Void
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
            writer: BackgroundBatchWriter { store },
            handleCustomerCommand: handleCustomerCommand
        )
        var reader = LineReader(fileDescriptor: input.fileDescriptor)
        try runner.run(&reader, emit: emit)
    }

    @Test(
        "a customer line runs alone once the order lines before it are written and answered; results stay in input order",
        arguments: [1, 2, 3, 256]
    )
    func customerLineWaitsForTheOrderLinesBeforeIt(batchSize: Int) throws {
        let store = InMemoryOrderEventStore()
        let first = OrderID(UUID())
        let second = OrderID(UUID())
        let lines = [
            SubmitRunnerTests.place(first, command: "0d000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.addItem(first, command: "0d000000-0000-4000-8000-000000000002"),
            SubmitRunnerTests.place(second, command: "0d000000-0000-4000-8000-000000000003"),
            Self.register(command: "0c000000-0000-4000-8000-000000000001"),
            SubmitRunnerTests.simple("ConfirmOrder", first, command: "0d000000-0000-4000-8000-000000000004"),
            SubmitRunnerTests.addItem(second, command: "0d000000-0000-4000-8000-000000000005"),
            Self.changePhone(command: "0c000000-0000-4000-8000-000000000002"),
            #"{"type":"ShipOrder"}"#,
            SubmitRunnerTests.simple("ConfirmOrder", second, command: "0d000000-0000-4000-8000-000000000006"),
        ]
        let log = CustomerHandlingLog()
        try Self.run(lines, store: store, batchSize: batchSize, handleCustomerCommand: { envelope in
            log.calls.append(CustomerHandlingLog.Call(
                envelope: envelope,
                answeredBefore: log.answered.map(\.line),
                eventsBefore: [try store.events(in: first).count, try store.events(in: second).count]
            ))
            let version = log.calls.count
            let kind: CustomerEvent.Kind = version == 1 ? .customerRegistered : .contactInfoChanged
            return .accepted(version: version, events: [EventReceipt(type: kind.rawValue, version: version, position: Int64(100 + version))])
        }) { log.answered.append($0) }

        #expect(log.answered.map(\.line) == Array(1...9))
        #expect(log.answered.map(\.status) == [.accepted, .accepted, .accepted, .accepted, .accepted, .accepted, .accepted, .invalid, .accepted])
        try #require(log.calls.count == 2)
        // Everything before each customer line was committed and printed before it ran.
        #expect(log.calls[0].answeredBefore == [1, 2, 3])
        #expect(log.calls[0].eventsBefore == [2, 1])
        #expect(log.calls[1].answeredBefore == [1, 2, 3, 4, 5, 6])
        #expect(log.calls[1].eventsBefore == [3, 2])
        #expect(log.calls.map(\.envelope.command.kind) == [.registerCustomer, .changeContactInfo])
        #expect(log.calls.map(\.envelope.commandID.description) == ["0c000000-0000-4000-8000-000000000001", "0c000000-0000-4000-8000-000000000002"])
        #expect(log.answered[3].json.serialized() == #"{"line":4,"status":"accepted","commandId":"0c000000-0000-4000-8000-000000000001","customerId":"\#(Self.customer)","version":1,"events":[{"type":"CustomerRegistered","version":1,"position":101}]}"#)
        // Batching resumed after each customer line.
        #expect(try store.events(in: first).map(\.event.kind) == [.orderPlaced, .itemAdded, .orderConfirmed])
        #expect(try store.events(in: second).map(\.event.kind) == [.orderPlaced, .itemAdded, .orderConfirmed])
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
            try Self.run(lines, store: store, batchSize: 256, handleCustomerCommand: nil) { printed.append($0) }
            Issue.record("the customer line did not stop the run")
        } catch let failure as SubmitFailure {
            #expect(failure.line == 3)
            #expect(failure.underlying is MissingCustomerCommandHandler)
            #expect(!failure.outcomeIsUnknown)
            guard case let .customer(envelope) = failure.commands.first?.command else {
                Issue.record("the failure does not name the customer command")
                return
            }
            #expect(envelope.customerID == Self.customer)
            #expect(failure.description.contains("line 3 (RegisterCustomer 0c000000-0000-4000-8000-000000000001 on customer \(Self.customer))"))
            #expect(failure.description.contains("without a customer command handler"))
            #expect(failure.description.contains("nothing of it was written"))
            // The failure names the command, never its personal fields.
            #expect(!failure.description.contains("zoe@example.com"))
        }
        #expect(printed.map(\.line) == [1, 2])
        #expect(try store.events(in: order).count == 2)
    }

    @Test("a customer command whose value the store refuses is one invalid line naming the customer; the run goes on")
    func refusedValueIsOneBadLine() throws {
        let store = InMemoryOrderEventStore()
        let order = OrderID(UUID())
        var printed: [SubmitResult] = []
        try Self.run(
            [Self.register(command: "0c000000-0000-4000-8000-000000000001"), SubmitRunnerTests.place(order, command: "0d000000-0000-4000-8000-000000000001")],
            store: store, batchSize: 256,
            handleCustomerCommand: { _ in throw StoreFailure(.valueRefused, "appending: refused on purpose") }
        ) { printed.append($0) }
        #expect(printed.map(\.status) == [.invalid, .accepted])
        #expect(printed[0].json.serialized().hasPrefix(
            #"{"line":1,"status":"invalid","commandId":"0c000000-0000-4000-8000-000000000001","customerId":"\#(Self.customer)","error":{"code":"invalid_field","message":"the store cannot hold a value of this command: appending: refused on purpose"}"#
        ))
    }

    @Test("any other failure of the customer handler stops the run, naming the customer line")
    func otherFailuresStop() throws {
        var printed: [SubmitResult] = []
        do {
            try Self.run(
                [Self.changePhone(command: "0c000000-0000-4000-8000-000000000002")], store: InMemoryOrderEventStore(), batchSize: 1,
                handleCustomerCommand: { _ in throw StoreFailure(.connectionLost, "committing: the connection broke") }
            ) { printed.append($0) }
            Issue.record("the failure did not stop the run")
        } catch let failure as SubmitFailure {
            #expect(failure.line == 1)
            #expect(failure.outcomeIsUnknown)
            #expect(failure.description.contains("ChangeContactInfo"))
        }
        #expect(printed.isEmpty)
    }
}

/// What a fake customer handler saw, and what the runner printed, shared by the handler and `emit`.
private final class CustomerHandlingLog {
    struct Call {
        let envelope: CustomerCommandEnvelope
        /// The lines answered when the call came.
        let answeredBefore: [Int]
        /// How many events each order stream held when the call came.
        let eventsBefore: [Int]
    }

    var calls: [Call] = []
    var answered: [SubmitResult] = []
}
