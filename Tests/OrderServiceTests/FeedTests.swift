import Foundation
import Hashing
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import Testing

@Suite("Feed lines and their chain check")
struct FeedTests {
    /// A valid two-event stream as feed lines.
    static func stream() -> [FeedLine] {
        let order = OrderID(UUID())
        let events = [
            EventCodec.encode(.orderPlaced(customer: CustomerID(UUID()), currency: .eur)),
            EventCodec.encode(.itemAdded(product: ProductID(UUID()), quantity: 1, unitPrice: Money(minorUnits: 250, currency: .eur))),
        ]
        var previous = EventChain.genesis
        return events.enumerated().map { index, encoded in
            let event = ChainedEvent(
                orderID: order, version: index + 1, eventID: EventID(UUID()), type: encoded.type, schemaVersion: encoded.schemaVersion,
                payload: encoded.payload, metadata: ["commandId": "c"], occurredAt: Timestamp(microsecondsSinceEpoch: Int64(index) * 1_000)
            )
            previous = EventChain.link(of: event, after: previous)
            return FeedLine(position: Int64(index + 1), event: event, hash: previous)
        }
    }

    @Test("a line reads back from its own JSON (payload keys come back sorted: the same canonical event)")
    func roundTrip() throws {
        for line in Self.stream() {
            let parsed = try FeedLine.parse(try JSONParser.parse(JSONValue.object(line.json).serialized())).get()
            #expect(parsed.position == line.position && parsed.hash == line.hash)
            #expect(EventChain.canonicalForm(of: parsed.event) == EventChain.canonicalForm(of: line.event))
        }
    }

    @Test("a customer's lines, exported sealed, read back from their own JSON and pass the chain check: export | import must carry customers")
    func customerLinesRoundTrip() throws {
        let store = InMemoryCustomerEventStore()
        let customer = try CustomerCommandHandlerTests.registeredCustomer(in: store)
        _ = try CustomerCommandHandlerTests.makeHandler(store: store).handle(
            CustomerCommandHandlerTests.envelope(.changeContactInfo(ContactChange(phone: .clear)), for: customer)
        )
        var check = FeedChainCheck()
        for line in store.lines(of: customer) {
            let parsed = try FeedLine.parse(try JSONParser.parse(JSONValue.object(line.json).serialized())).get()
            #expect(parsed.event.type == line.event.type && parsed.hash == line.hash)
            #expect(EventChain.canonicalForm(of: parsed.event) == EventChain.canonicalForm(of: line.event))
            try check.accept(parsed)
        }
        #expect(check.streamCount == 1)
    }

    @Test("a missing, unknown or malformed field is named", arguments: [
        ("streamId", nil, "streamId is missing"), ("version", JSONValue.integer(0), "version must be a positive integer"),
        ("occurredAt", JSONValue.string("yesterday"), "occurredAt must be an RFC 3339 time"), ("surprise", JSONValue.bool(true), "unknown field \"surprise\""),
        ("hash", JSONValue.string("abc"), "hash must be 64 hexadecimal digits"), ("type", JSONValue.string("OrderLost"), "type must be one of"),
    ] as [(String, JSONValue?, String)])
    func refusals(field: String, value: JSONValue?, message: String) throws {
        var object = Self.stream()[0].json
        object[field] = value
        guard case let .failure(refusal) = FeedLine.parse(.object(object)) else {
            Issue.record("accepted a line with \(field) = \(String(describing: value))")
            return
        }
        #expect(refusal.reason.hasPrefix(message), "\(refusal.reason)")
    }

    @Test("a customer's event types are feed lines too: export writes them, so import must read them", arguments: ["CustomerRegistered", "ContactInfoChanged"])
    func customerEventTypes(type: String) throws {
        var object = Self.stream()[0].json
        object["type"] = .string(type)
        let parsed = try FeedLine.parse(.object(object)).get()
        #expect(parsed.event.type == type)
    }

    @Test("the chain check accepts a stream in order, and refuses a gap, a start past 1 or a changed event")
    func chainCheck() throws {
        let lines = Self.stream()
        var check = FeedChainCheck()
        for line in lines { try check.accept(line) }
        #expect(check.streamCount == 1)

        var late = FeedChainCheck()
        #expect(throws: FeedRefusal.self) { try late.accept(lines[1]) }
        var repeated = FeedChainCheck()
        try repeated.accept(lines[0])
        #expect(throws: FeedRefusal.self) { try repeated.accept(lines[0]) }
        let event = lines[1].event
        let changed = ChainedEvent(
            orderID: event.orderID, version: 2, eventID: event.eventID, type: event.type, schemaVersion: event.schemaVersion,
            payload: event.payload, metadata: ["commandId": "d"], occurredAt: event.occurredAt
        )
        var tampered = FeedChainCheck()
        try tampered.accept(lines[0])
        #expect(throws: FeedRefusal.self) { try tampered.accept(FeedLine(position: 2, event: changed, hash: lines[1].hash)) }
    }

    @Test("a replay stops at a version or a moment, each step with the state after it")
    func replay() throws {
        let lines = Self.stream()
        let all = try OrderReplay.steps(of: lines)
        #expect(all.map { $0.view?.order.total.minorUnits } == [0, 250])
        #expect(try OrderReplay.steps(of: lines, toVersion: 1).count == 1)
        #expect(try OrderReplay.steps(of: lines, asOf: Timestamp(microsecondsSinceEpoch: 999)).count == 1)
        #expect(try OrderReplay.view(of: lines, asOf: Timestamp(microsecondsSinceEpoch: -1)) == nil)
    }

    @Test("a replay of the lines as the store writes them shows the same states, and stops where the parsed lines stop")
    func replayOfWrittenLines() throws {
        let lines = Self.stream()
        for toVersion in [nil, 1] {
            let parsed = try OrderReplay.steps(of: lines, toVersion: toVersion).map(\.view)
            var replay = OrderReplay(toVersion: toVersion)
            var written: [OrderView?] = []
            var pastTheEnd = 0
            var writer = JSONTextWriter()
            for line in lines {
                guard let step = try WrittenFeedLine.withWritten(line, using: &writer, { written in try replay.step(written) }) else {
                    pastTheEnd += 1
                    continue
                }
                written.append(step.view)
            }
            #expect(written == parsed, "to version \(String(describing: toVersion))")
            #expect(pastTheEnd == lines.count - parsed.count)
        }
    }
}
