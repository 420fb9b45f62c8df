import Foundation
import Hashing
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Stream audit")
struct StreamAuditTests {
    static let order = OrderID(UUID())

    /// A stream of `count` events with correct links.
    static func chain(_ count: Int) -> [ChainLink] {
        var previous = EventChain.genesis
        return (1...count).map { version in
            let event = ChainedEvent(
                orderID: order, version: version, eventID: EventID(UUID()), type: version == 1 ? "OrderPlaced" : "ItemAdded", schemaVersion: 1,
                payload: ["n": .integer(version)], metadata: ["commandId": .string(UUID().uuidString.lowercased())],
                occurredAt: Timestamp(microsecondsSinceEpoch: Int64(version) * 1_000_000)
            )
            previous = EventChain.link(of: event, after: previous)
            return ChainLink(event: event, storedHash: previous)
        }
    }

    /// The same link with other stored fields or version.
    static func stored(_ link: ChainLink, version: Int? = nil, payload: JSONObject? = nil, hash: SHA256Digest?? = .none) -> ChainLink {
        let event = link.event
        return ChainLink(
            event: ChainedEvent(
                orderID: event.orderID, version: version ?? event.version, eventID: event.eventID, type: event.type, schemaVersion: event.schemaVersion,
                payload: payload ?? event.payload, metadata: event.metadata, occurredAt: event.occurredAt
            ),
            storedHash: hash ?? link.storedHash
        )
    }

    @Test("an intact stream has no break")
    func intact() {
        #expect(StreamAudit.firstBreak(of: Self.order, in: Self.chain(5), recordedVersion: 5) == nil)
    }

    @Test("a changed payload is named at its version")
    func changed() throws {
        var links = Self.chain(5)
        links[2] = Self.stored(links[2], payload: ["n": 99])
        let found = try #require(StreamAudit.firstBreak(of: Self.order, in: links, recordedVersion: 5))
        #expect(found.kind == .changed)
        #expect(found.version == 3)
    }

    @Test("a changed payload with a recomputed hash of its own still breaks the next link")
    func changedAndRehashed() throws {
        var links = Self.chain(5)
        let forged = Self.stored(links[2], payload: ["n": 99])
        links[2] = Self.stored(forged, hash: .some(EventChain.link(of: forged.event, after: try #require(links[1].storedHash))))
        let found = try #require(StreamAudit.firstBreak(of: Self.order, in: links, recordedVersion: 5))
        #expect(found.kind == .changed)
        #expect(found.version == 4)
    }

    @Test("a deleted event in the middle is missing at its version; one deleted at the end is missing against the recorded version")
    func missing() throws {
        var links = Self.chain(5)
        links.remove(at: 1)
        let middle = try #require(StreamAudit.firstBreak(of: Self.order, in: links, recordedVersion: 5))
        #expect(middle.kind == .missing)
        #expect(middle.version == 2)

        let tail = try #require(StreamAudit.firstBreak(of: Self.order, in: Array(Self.chain(5).prefix(3)), recordedVersion: 5))
        #expect(tail.kind == .missing)
        #expect(tail.version == 4)
        #expect(StreamAudit.firstBreak(of: Self.order, in: [], recordedVersion: 2)?.version == 1)
    }

    @Test("two swapped versions are reordered, at the first of them")
    func reordered() throws {
        let links = Self.chain(5)
        let swapped = [links[0], links[1], Self.stored(links[3], version: 3), Self.stored(links[2], version: 4), links[4]]
        let found = try #require(StreamAudit.firstBreak(of: Self.order, in: swapped, recordedVersion: 5))
        #expect(found.kind == .reordered)
        #expect(found.version == 3)
        #expect(found.detail.contains(links[2].event.eventID.description))
    }

    @Test("an event that was never sealed is reported as changed, with the remedy")
    func unsealed() throws {
        var links = Self.chain(3)
        links[0] = Self.stored(links[0], hash: .some(nil))
        let found = try #require(StreamAudit.firstBreak(of: Self.order, in: links, recordedVersion: 3))
        #expect(found.kind == .changed)
        #expect(found.detail.contains("orderctl migrate"))
    }
}
