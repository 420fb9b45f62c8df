import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PersonalDataProtection
import Testing

/// `replay` of a customer's stream: each stored event with its fields opened under the key (or shown
/// as forgotten without one), the contact right after it, and the stops at a version or a moment.
@Suite("Customer replay")
struct CustomerReplayTests {
    typealias Fixtures = CustomerCommandHandlerTests

    /// When the three events of `history()` happened: one second apart, from `Fixtures.start`.
    static let times = (0..<3).map { Timestamp(microsecondsSinceEpoch: Fixtures.start + Int64($0) * 1_000_000) }

    /// A customer registered with every field, then renamed with the phone cleared, then moved to
    /// London, stored in a fresh in-memory store.
    static func history() throws -> (store: InMemoryCustomerEventStore, customer: CustomerID, lines: [FeedLine]) {
        let store = InMemoryCustomerEventStore()
        let handler = Fixtures.makeHandler(store: store)
        let customer = CustomerID(UUID())
        for command in [
            CustomerCommand.registerCustomer(Fixtures.full),
            .changeContactInfo(ContactChange(name: Fixtures.grace, phone: .clear)),
            .changeContactInfo(ContactChange(address: .set(Fixtures.london))),
        ] {
            let outcome = try handler.handle(Fixtures.envelope(command, for: customer))
            guard case .accepted = outcome else { throw Fixtures.SetupFailed(outcome: outcome) }
        }
        return (store, customer, store.lines(of: customer))
    }

    /// What `step` answers for each line in turn: a step, or nil once the replay is past its end.
    static func replay(_ lines: [FeedLine], key: CustomerKey?, toVersion: Int? = nil, asOf: Timestamp? = nil) throws -> [CustomerReplayStep?] {
        var replay = CustomerReplay(key: key, toVersion: toVersion, asOf: asOf)
        return try lines.map { try replay.step($0) }
    }

    static let berlinDocument: JSONValue = ["street": "Unter den Linden 1", "city": "Berlin", "postalCode": "10117", "country": "DE"]
    static let londonDocument: JSONValue = ["street": "10 Downing Street", "city": "London", "postalCode": "SW1A 2AA", "country": "GB"]

    /// The contact after each event of `history()`.
    static let contacts = [
        Fixtures.full,
        ContactInfo(name: Fixtures.grace, email: Fixtures.adaMail, address: Fixtures.berlin),
        ContactInfo(name: Fixtures.grace, email: Fixtures.adaMail, address: Fixtures.london),
    ]

    @Test("with the key every step shows its event's fields opened, a cleared field as null, and the contact right after it")
    func withKey() throws {
        let (store, customer, lines) = try Self.history()
        let steps = try Self.replay(lines, key: store.key(of: customer)).map { try #require($0) }

        #expect(steps.map(\.line.event.payload) == [
            ["name": "Ada Lovelace", "email": "ada@analytical.example", "phone": "+442079460958", "address": Self.berlinDocument],
            ["name": "Grace Hopper", "phone": .null],
            ["address": Self.londonDocument],
        ])
        #expect(steps.map(\.view) == (0..<3).map { index in
            ContactView(customerID: customer, contact: Self.contacts[index], version: index + 1, registeredAt: Self.times[0], updatedAt: Self.times[index])
        })
    }

    @Test("a step keeps everything of the stored line but the payload: position, id, type, metadata, time and the stored link")
    func stepKeepsTheStoredLine() throws {
        let (store, customer, lines) = try Self.history()
        for (key, label) in [(store.key(of: customer), "with the key"), (nil, "without a key")] {
            let steps = try Self.replay(lines, key: key)
            for (line, step) in zip(lines, steps) {
                let shown = try #require(step, "\(label)")
                #expect(shown.line.position == line.position, "\(label)")
                #expect(shown.line.hash == line.hash, "\(label)")
                let stored = line.event, event = shown.line.event
                #expect(event.orderID == stored.orderID && event.version == stored.version && event.eventID == stored.eventID, "\(label)")
                #expect(event.type == stored.type && event.schemaVersion == stored.schemaVersion, "\(label)")
                #expect(event.metadata == stored.metadata && event.occurredAt == stored.occurredAt, "\(label)")
                #expect(event.payload != stored.payload, "\(label): the payload is shown as stored")
            }
        }
    }

    @Test("without a key (forgotten) every field the event touched is null, \"forgotten\" is true, and the contact holds nothing personal")
    func forgotten() throws {
        let (store, customer, lines) = try Self.history()
        #expect(try store.forget(customer) == .forgotten)
        let steps = try Self.replay(lines, key: store.key(of: customer)).map { try #require($0) }

        #expect(steps.map(\.line.event.payload) == [
            ["name": .null, "email": .null, "phone": .null, "address": .null, "forgotten": true],
            ["name": .null, "phone": .null, "forgotten": true],
            ["address": .null, "forgotten": true],
        ])
        #expect(steps.map(\.view) == (0..<3).map { index in
            ContactView(customerID: customer, contact: nil, version: index + 1, registeredAt: Self.times[0], updatedAt: Self.times[index])
        })
        #expect(steps.allSatisfy { $0.view?.isForgotten == true })
    }

    @Test("another customer's key does not show the events: the replay fails rather than show anything")
    func wrongKey() throws {
        let (_, _, lines) = try Self.history()
        var replay = CustomerReplay(key: try CustomerKey.generate())
        #expect(throws: EventDecodingError.self) { try replay.step(lines[0]) }
    }

    @Test("--to-version stops after that version, and every later line is past the end", arguments: [1, 2, 3])
    func toVersion(version: Int) throws {
        let (store, customer, lines) = try Self.history()
        let steps = try Self.replay(lines, key: store.key(of: customer), toVersion: version)
        #expect(steps.map { $0?.line.event.version } == (1...3).map { $0 <= version ? $0 : nil })
        #expect(steps[version - 1]?.view?.contact == Self.contacts[version - 1])
    }

    @Test("--as-of stops after the last event at or before the moment", arguments: [
        (-1, 0), (0, 1), (500_000, 1), (1_000_000, 2), (1_999_999, 2), (2_000_000, 3), (3_600_000_000, 3),
    ] as [(Int64, Int)])
    func asOf(offset: Int64, stepsShown: Int) throws {
        let (store, customer, lines) = try Self.history()
        let moment = Timestamp(microsecondsSinceEpoch: Fixtures.start + offset)
        let steps = try Self.replay(lines, key: store.key(of: customer), asOf: moment)
        #expect(steps.map { $0?.line.event.version } == (1...3).map { $0 <= stepsShown ? $0 : nil })
        if stepsShown > 0 {
            #expect(steps[stepsShown - 1]?.view?.contact == Self.contacts[stepsShown - 1])
        }
    }

    @Test("--as-of on a forgotten customer stops at the same events, still without details")
    func asOfForgotten() throws {
        let (store, customer, lines) = try Self.history()
        _ = try store.forget(customer)
        let steps = try Self.replay(lines, key: nil, asOf: Self.times[1])
        #expect(steps.map { $0?.line.event.version } == [1, 2, nil])
        #expect(steps[1]?.view == ContactView(customerID: customer, contact: nil, version: 2, registeredAt: Self.times[0], updatedAt: Self.times[1]))
    }

    @Test("the earlier of both stops wins: --to-version and --as-of together")
    func bothStops() throws {
        let (store, customer, lines) = try Self.history()
        let key = store.key(of: customer)
        #expect(try Self.replay(lines, key: key, toVersion: 3, asOf: Self.times[0]).map { $0?.line.event.version } == [1, nil, nil])
        #expect(try Self.replay(lines, key: key, toVersion: 1, asOf: Self.times[2]).map { $0?.line.event.version } == [1, nil, nil])
    }
}
