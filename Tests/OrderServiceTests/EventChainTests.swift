import Foundation
import Hashing
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Event hash chain")
struct EventChainTests {
    static let placed = ChainedEvent(
        orderID: OrderID("7B0C2A4E-1D2F-4A8B-9C3D-5E6F7A8B9C0D")!, version: 1, eventID: EventID("00000000-0000-4000-8000-000000000001")!,
        type: "OrderPlaced", schemaVersion: 1,
        payload: ["customerId": "11111111-2222-4333-8444-555555555555", "currency": "EUR"],
        metadata: ["source": "audit-test", "commandId": "c0000000-0000-4000-8000-000000000001"],
        occurredAt: Timestamp(microsecondsSinceEpoch: 1_795_512_600_000_001)
    )

    @Test("the canonical form is the README's: a compact array, ids in lower case, keys sorted, time in UTC to the microsecond")
    func canonicalForm() {
        let text = String(decoding: EventChain.canonicalForm(of: Self.placed), as: UTF8.self)
        #expect(text == #"["orderctl-event/1","7b0c2a4e-1d2f-4a8b-9c3d-5e6f7a8b9c0d",1,"00000000-0000-4000-8000-000000000001","OrderPlaced",1,"#
            + #"{"currency":"EUR","customerId":"11111111-2222-4333-8444-555555555555"},"#
            + #"{"commandId":"c0000000-0000-4000-8000-000000000001","source":"audit-test"},"2026-11-24T09:30:00.000001Z"]"#)
    }

    @Test("the first link hashes 32 zero bytes and the canonical form (the value Python's hashlib gives)")
    func firstLink() {
        #expect(EventChain.link(of: Self.placed, after: EventChain.genesis).hexadecimal == "a0a8ff8eefce4cf55ac938a572b1eb50c93d494659071505d47bae609875ac59")
    }

    @Test("every immutable field is covered: changing any one changes the link")
    func everyFieldCounts() {
        let original = EventChain.link(of: Self.placed, after: EventChain.genesis)
        let event = Self.placed
        let variants = [
            ChainedEvent(orderID: OrderID(UUID()), version: 1, eventID: event.eventID, type: event.type, schemaVersion: 1, payload: event.payload, metadata: event.metadata, occurredAt: event.occurredAt),
            ChainedEvent(orderID: event.orderID, version: 2, eventID: event.eventID, type: event.type, schemaVersion: 1, payload: event.payload, metadata: event.metadata, occurredAt: event.occurredAt),
            ChainedEvent(orderID: event.orderID, version: 1, eventID: EventID(UUID()), type: event.type, schemaVersion: 1, payload: event.payload, metadata: event.metadata, occurredAt: event.occurredAt),
            ChainedEvent(orderID: event.orderID, version: 1, eventID: event.eventID, type: "OrderCancelled", schemaVersion: 1, payload: event.payload, metadata: event.metadata, occurredAt: event.occurredAt),
            ChainedEvent(orderID: event.orderID, version: 1, eventID: event.eventID, type: event.type, schemaVersion: 2, payload: event.payload, metadata: event.metadata, occurredAt: event.occurredAt),
            ChainedEvent(orderID: event.orderID, version: 1, eventID: event.eventID, type: event.type, schemaVersion: 1, payload: ["currency": "USD", "customerId": "11111111-2222-4333-8444-555555555555"], metadata: event.metadata, occurredAt: event.occurredAt),
            ChainedEvent(orderID: event.orderID, version: 1, eventID: event.eventID, type: event.type, schemaVersion: 1, payload: event.payload, metadata: ["commandId": "c0000000-0000-4000-8000-000000000001"], occurredAt: event.occurredAt),
            ChainedEvent(orderID: event.orderID, version: 1, eventID: event.eventID, type: event.type, schemaVersion: 1, payload: event.payload, metadata: event.metadata, occurredAt: Timestamp(microsecondsSinceEpoch: 1_795_512_600_000_002)),
        ]
        for variant in variants {
            #expect(EventChain.link(of: variant, after: EventChain.genesis) != original)
        }
        #expect(EventChain.link(of: event, after: original) != original, "the previous link counts too")
    }

    @Test("key order and number spelling in the payload do not change the link: jsonb keeps neither")
    func representationDoesNotCount() throws {
        let respelled = ChainedEvent(
            orderID: Self.placed.orderID, version: 1, eventID: Self.placed.eventID, type: "OrderPlaced", schemaVersion: 1,
            payload: try #require(JSONParser.parse(#"{ "currency" : "EUR", "customerId": "11111111-2222-4333-8444-555555555555" }"#).objectValue),
            metadata: ["commandId": "c0000000-0000-4000-8000-000000000001", "source": "audit-test"], occurredAt: Self.placed.occurredAt
        )
        #expect(EventChain.link(of: respelled, after: EventChain.genesis) == EventChain.link(of: Self.placed, after: EventChain.genesis))
    }
}
