import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PersonalDataProtection
import Testing

/// The customer command handler on the in-memory customer store: what it writes for an accepted
/// command, the order in which it answers, how it treats a forgotten customer, races and the key source.
@Suite("Customer command handler (in-memory store)")
struct CustomerCommandHandlerTests {
    static let ada = try! PersonName("Ada Lovelace")
    static let adaMail = try! EmailAddress("ada@analytical.example")
    static let adaPhone = try! PhoneNumber("+442079460958")
    static let berlin = try! PostalAddress(street: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE")
    static let grace = try! PersonName("Grace Hopper")
    static let graceMail = try! EmailAddress("grace@cobol.example")
    static let london = try! PostalAddress(street: "10 Downing Street", city: "London", postalCode: "SW1A 2AA", country: "GB")

    /// Every field filled in.
    static let full = ContactInfo(name: ada, email: adaMail, phone: adaPhone, address: berlin)

    /// Texts of `full` and of the changes below, and parts of them, none of which may appear in a
    /// stored event. Each at least five characters, so base64url cannot hold one by chance.
    static let plaintexts = [
        "Ada Lovelace", "Lovelace", "ada@analytical.example", "analytical", "+442079460958", "442079460958",
        "Unter den Linden", "Linden", "Berlin", "10117", "Grace Hopper", "Hopper", "grace@cobol.example", "Downing", "London",
    ]

    static let start: Int64 = 1_700_000_000_000_000

    /// A handler with a clock that ticks one second per reading and fresh event ids.
    static func makeHandler(
        store: any CustomerEventStore = InMemoryCustomerEventStore(), start: Int64 = start, maximumAttempts: Int = 8,
        makeKey: @escaping () throws -> CustomerKey = { try CustomerKey.generate() }
    ) -> CustomerCommandHandler {
        let clock = TickingClock(start: start)
        return CustomerCommandHandler(store: store, clock: clock.read, makeEventID: { EventID(UUID()) }, makeKey: makeKey, maximumAttempts: maximumAttempts)
    }

    static func envelope(
        _ command: CustomerCommand, for customer: CustomerID, id: CommandID = CommandID(UUID()), expectedVersion: Int? = nil,
        metadata: JSONObject = ["user": "alice"]
    ) -> CustomerCommandEnvelope {
        CustomerCommandEnvelope(commandID: id, customerID: customer, command: command, expectedVersion: expectedVersion, metadata: metadata)
    }

    /// A customer registered with `full` in `store`, by a handler of its own.
    static func registeredCustomer(in store: any CustomerEventStore, id: CommandID = CommandID(UUID())) throws -> CustomerID {
        let customer = CustomerID(UUID())
        let outcome = try makeHandler(store: store).handle(envelope(.registerCustomer(full), for: customer, id: id))
        guard case .accepted(version: 1, _) = outcome else { throw SetupFailed(outcome: outcome) }
        return customer
    }

    struct SetupFailed: Error { let outcome: CustomerCommandOutcome }

    /// A key source that counts how often it was asked, and fails while `failure` is set.
    final class KeySource {
        private(set) var calls = 0
        var failure: (any Error)?

        func make() throws -> CustomerKey {
            calls += 1
            if let failure { throw failure }
            return try CustomerKey.generate()
        }
    }

    struct RandomSourceDown: Error, Equatable {}

    /// Checks that nothing of `customer` was written: no event, key, contacts row or command record.
    static func expectNothingWritten(for customer: CustomerID, commandID: CommandID, in store: InMemoryCustomerEventStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(store.lines(of: customer).isEmpty, sourceLocation: sourceLocation)
        #expect(store.key(of: customer) == nil, sourceLocation: sourceLocation)
        #expect(store.contact(of: customer) == nil, sourceLocation: sourceLocation)
        #expect(try store.command(commandID) == nil, sourceLocation: sourceLocation)
    }

    // MARK: Accepted commands

    @Test("a registration is accepted at version 1 with its event's receipt, a new key, the contacts row and the command record")
    func registration() throws {
        let store = InMemoryCustomerEventStore()
        let customer = CustomerID(UUID())
        let registration = Self.envelope(.registerCustomer(Self.full), for: customer)
        let outcome = try Self.makeHandler(store: store).handle(registration)

        let lines = store.lines(of: customer)
        try #require(lines.count == 1)
        #expect(outcome == .accepted(version: 1, events: [EventReceipt(type: "CustomerRegistered", version: 1, position: lines[0].position)]))
        let event = lines[0].event
        #expect(event.orderID.uuid == customer.uuid && event.version == 1 && event.type == "CustomerRegistered" && event.schemaVersion == 1)
        #expect(event.metadata == ["user": "alice", "commandId": .string(registration.commandID.description)])
        #expect(event.occurredAt == Timestamp(microsecondsSinceEpoch: Self.start))
        #expect(lines[0].hash == EventChain.link(of: event, after: EventChain.genesis))

        let key = try #require(store.key(of: customer))
        #expect(try CustomerEventCodec.decode(event.encoded, eventID: event.eventID, key: key) == .customerRegistered(Self.full))
        #expect(store.contact(of: customer) == ContactView(
            customerID: customer, contact: Self.full, version: 1, registeredAt: event.occurredAt, updatedAt: event.occurredAt
        ))
        #expect(try store.command(registration.commandID) == CommandRecord(
            commandID: registration.commandID, streamID: StreamID(customer.uuid), fingerprint: CommandFingerprint.of(registration), resultingVersion: 1
        ))
    }

    @Test("a change is accepted at the next version, records only what it alters, chains onto the registration and keeps the key")
    func change() throws {
        let store = InMemoryCustomerEventStore()
        let customer = try Self.registeredCustomer(in: store)
        let keyBefore = try #require(store.key(of: customer)).bytes
        // The email is set to the value it already has, so only name and phone are recorded.
        let change = ContactChange(name: Self.grace, email: Self.adaMail, phone: .clear)
        let outcome = try Self.makeHandler(store: store, start: Self.start + 60_000_000).handle(Self.envelope(.changeContactInfo(change), for: customer))

        let lines = store.lines(of: customer)
        try #require(lines.count == 2)
        #expect(outcome == .accepted(version: 2, events: [EventReceipt(type: "ContactInfoChanged", version: 2, position: lines[1].position)]))
        #expect(lines[1].position > lines[0].position)
        #expect(lines[1].hash == EventChain.link(of: lines[1].event, after: lines[0].hash))
        #expect(store.key(of: customer)?.bytes == keyBefore)
        let key = try #require(store.key(of: customer))
        #expect(try CustomerEventCodec.decode(lines[1].event.encoded, eventID: lines[1].event.eventID, key: key)
            == .contactInfoChanged(ContactChange(name: Self.grace, phone: .clear)))
        #expect(store.contact(of: customer) == ContactView(
            customerID: customer, contact: ContactInfo(name: Self.grace, email: Self.adaMail, address: Self.berlin), version: 2,
            registeredAt: lines[0].event.occurredAt, updatedAt: lines[1].event.occurredAt
        ))
    }

    @Test("the stored events hold no plaintext: every personal field is sealed, and opens only with the customer's own key")
    func sealedPayload() throws {
        let store = InMemoryCustomerEventStore()
        let customer = try Self.registeredCustomer(in: store)
        let handler = Self.makeHandler(store: store)
        _ = try handler.handle(Self.envelope(.changeContactInfo(ContactChange(name: Self.grace, address: .set(Self.london))), for: customer))
        _ = try handler.handle(Self.envelope(.changeContactInfo(ContactChange(email: Self.graceMail, phone: .clear)), for: customer))

        let lines = store.lines(of: customer)
        try #require(lines.count == 3)
        let key = try #require(store.key(of: customer))
        let otherKey = try CustomerKey.generate()
        for line in lines {
            let text = JSONValue.object(line.json).serialized()
            for plaintext in Self.plaintexts {
                #expect(!text.contains(plaintext), "version \(line.event.version) shows \(plaintext)")
            }
            for member in line.event.payload.members {
                // A sealed field, or null for a cleared phone or address.
                let sealed = member.value.stringValue.map { $0.hasPrefix("v1.") } ?? (member.value == .null)
                #expect(sealed, "version \(line.event.version): \(member.key) is neither sealed nor null")
            }
            _ = try CustomerEventCodec.decode(line.event.encoded, eventID: line.event.eventID, key: key)
            #expect(throws: EventDecodingError.self) {
                try CustomerEventCodec.decode(line.event.encoded, eventID: line.event.eventID, key: otherKey)
            }
        }
        #expect(lines[2].event.payload["phone"] == .null)
    }

    // MARK: The order of the checks

    @Test("duplicate before conflict: a repeated registration answers duplicate even with an expectedVersion now stale")
    func duplicateBeforeConflict() throws {
        let store = InMemoryCustomerEventStore()
        let handler = Self.makeHandler(store: store)
        let customer = CustomerID(UUID())
        let registration = Self.envelope(.registerCustomer(Self.full), for: customer, expectedVersion: 0)
        _ = try handler.handle(registration)
        _ = try handler.handle(Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer))
        #expect(try handler.handle(registration) == .duplicate(version: 1))
        #expect(store.lines(of: customer).count == 2)
    }

    @Test("conflict before wrong_stream_kind: a stale expectedVersion on an order's stream answers conflict")
    func conflictBeforeWrongStreamKind() throws {
        let store = InMemoryCustomerEventStore()
        let order = CustomerID(UUID())
        store.markOrderStream(order, version: 3)
        let registration = Self.envelope(.registerCustomer(Self.full), for: order, expectedVersion: 0)
        #expect(try Self.makeHandler(store: store).handle(registration) == .conflict(expected: 0, actual: 3, retriesExhausted: false))
        try Self.expectNothingWritten(for: order, commandID: registration.commandID, in: store)
    }

    @Test("wrong_stream_kind before existence: any customer command on an order's stream, even at its version, is refused as wrong_stream_kind",
          arguments: [
              CustomerCommand.registerCustomer(CustomerCommandHandlerTests.full),
              .changeContactInfo(ContactChange(name: CustomerCommandHandlerTests.grace)),
              .changeContactInfo(.none),
          ])
    func wrongStreamKindBeforeExistence(command: CustomerCommand) throws {
        let store = InMemoryCustomerEventStore()
        let order = CustomerID(UUID())
        store.markOrderStream(order, version: 2)
        let keys = KeySource()
        for expectedVersion in [nil, 2] {
            let envelope = Self.envelope(command, for: order, expectedVersion: expectedVersion)
            let outcome = try Self.makeHandler(store: store, makeKey: keys.make).handle(envelope)
            #expect(outcome == .rejected(.wrongStreamKind))
            #expect(CustomerRejection.wrongStreamKind.code == "wrong_stream_kind")
            try Self.expectNothingWritten(for: order, commandID: envelope.commandID, in: store)
        }
        #expect(keys.calls == 0)
    }

    @Test("conflict before existence: a change with expectedVersion to a customer never registered answers conflict, not customer_not_found")
    func conflictBeforeExistence() throws {
        let customer = CustomerID(UUID())
        let change = Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer, expectedVersion: 2)
        #expect(try Self.makeHandler().handle(change) == .conflict(expected: 2, actual: 0, retriesExhausted: false))
        #expect(try Self.makeHandler().handle(Self.envelope(change.command, for: customer)) == .rejected(.customerNotFound))
    }

    @Test("the command id is looked up before the stream kind: an id an order command used is commandIDReused, even on the order's own stream")
    func commandIDBeforeStreamKind() throws {
        let store = InMemoryCustomerEventStore()
        let order = CustomerID(UUID())
        store.markOrderStream(order, version: 1)
        let id = CommandID(UUID())
        store.recordOrderCommand(CommandRecord(
            commandID: id, streamID: StreamID(order.uuid), fingerprint: CommandFingerprint.of(Self.envelope(.changeContactInfo(.none), for: order)), resultingVersion: 1
        ))
        #expect(try Self.makeHandler(store: store).handle(Self.envelope(.registerCustomer(Self.full), for: order, id: id)) == .commandIDReused)
        #expect(try Self.makeHandler(store: store).handle(Self.envelope(.registerCustomer(Self.full), for: CustomerID(UUID()), id: id)) == .commandIDReused)
    }

    // MARK: Repeats

    @Test("a repeated command answers duplicate with the version it produced and writes nothing, whatever its metadata or expectedVersion")
    func duplicate() throws {
        let store = InMemoryCustomerEventStore()
        let handler = Self.makeHandler(store: store)
        let customer = CustomerID(UUID())
        let registration = Self.envelope(.registerCustomer(Self.full), for: customer)
        _ = try handler.handle(registration)
        let change = Self.envelope(.changeContactInfo(ContactChange(phone: .clear)), for: customer)
        _ = try handler.handle(change)
        let resent = Self.envelope(registration.command, for: customer, id: registration.commandID, expectedVersion: 7, metadata: ["user": "bob"])

        #expect(try handler.handle(registration) == .duplicate(version: 1))
        #expect(try handler.handle(resent) == .duplicate(version: 1))
        #expect(try handler.handle(change) == .duplicate(version: 2))
        #expect(store.lines(of: customer).count == 2)
    }

    @Test("a command id reused for another command is refused: other details, another kind, or another customer")
    func commandIDReused() throws {
        let store = InMemoryCustomerEventStore()
        let handler = Self.makeHandler(store: store)
        let customer = CustomerID(UUID())
        let id = CommandID(UUID())
        _ = try handler.handle(Self.envelope(.registerCustomer(Self.full), for: customer, id: id))

        #expect(try handler.handle(Self.envelope(.registerCustomer(ContactInfo(name: Self.grace, email: Self.graceMail)), for: customer, id: id)) == .commandIDReused)
        #expect(try handler.handle(Self.envelope(.changeContactInfo(.none), for: customer, id: id)) == .commandIDReused)
        let elsewhere = CustomerID(UUID())
        #expect(try handler.handle(Self.envelope(.registerCustomer(Self.full), for: elsewhere, id: id)) == .commandIDReused)
        #expect(store.lines(of: customer).count == 1)
        #expect(store.lines(of: elsewhere).isEmpty)
    }

    @Test("an id another writer records for another customer between the read and the append: the append writes nothing, and the answer is commandIDReused")
    func commandIDTakenDuringTheRace() throws {
        let id = CommandID(UUID())
        let elsewhere = CustomerID(UUID())
        let store = RacingCustomerStore(losses: 1) { store, _ in
            _ = try Self.makeHandler(store: store).handle(Self.envelope(.registerCustomer(Self.full), for: elsewhere, id: id))
        }
        let customer = try Self.registeredCustomer(in: store)
        store.arm()
        let change = Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer, id: id)
        #expect(try Self.makeHandler(store: store).handle(change) == .commandIDReused)
        #expect(store.inner.lines(of: customer).count == 1)
        #expect(try store.command(id)?.streamID == StreamID(elsewhere.uuid))
    }

    // MARK: Forgotten customers

    @Test("a forgotten customer cannot be changed: rejected as customerForgotten, answered with the code customer_not_found, nothing written")
    func changeAfterForget() throws {
        let store = InMemoryCustomerEventStore()
        let customer = try Self.registeredCustomer(in: store)
        #expect(try store.forget(customer) == .forgotten)
        for change in [ContactChange(name: Self.grace), .none] {
            let envelope = Self.envelope(.changeContactInfo(change), for: customer)
            #expect(try Self.makeHandler(store: store).handle(envelope) == .rejected(.customerForgotten))
            #expect(try store.command(envelope.commandID) == nil)
        }
        #expect(CustomerRejection.customerForgotten.code == "customer_not_found")
        #expect(store.lines(of: customer).count == 1)
        #expect(store.key(of: customer) == nil)
    }

    @Test("a forgotten customer's id stays taken: registering it again is customer_already_exists, and no key is drawn")
    func registerAfterForget() throws {
        let store = InMemoryCustomerEventStore()
        let customer = try Self.registeredCustomer(in: store)
        _ = try store.forget(customer)
        let keys = KeySource()
        let registration = Self.envelope(.registerCustomer(Self.full), for: customer)
        #expect(try Self.makeHandler(store: store, makeKey: keys.make).handle(registration) == .rejected(.customerAlreadyExists))
        #expect(keys.calls == 0)
        #expect(store.key(of: customer) == nil)
        #expect(store.lines(of: customer).count == 1)
        #expect(try store.command(registration.commandID) == nil)
    }

    @Test("after a forget the fingerprints are gone: an applied command id is duplicate on its own stream, even with other details, and commandIDReused on another")
    func repeatAfterForget() throws {
        let store = InMemoryCustomerEventStore()
        let handler = Self.makeHandler(store: store)
        let customer = CustomerID(UUID())
        let registration = Self.envelope(.registerCustomer(Self.full), for: customer)
        let change = Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer)
        _ = try handler.handle(registration)
        _ = try handler.handle(change)
        // Before the forget the fingerprint tells another command under the same id apart.
        let otherDetails = Self.envelope(.changeContactInfo(ContactChange(email: Self.graceMail)), for: customer, id: change.commandID)
        #expect(try handler.handle(otherDetails) == .commandIDReused)

        #expect(try store.forget(customer) == .forgotten)
        #expect(try store.command(registration.commandID)?.fingerprint == nil)
        #expect(try store.command(change.commandID)?.fingerprint == nil)

        #expect(try handler.handle(registration) == .duplicate(version: 1))
        #expect(try handler.handle(change) == .duplicate(version: 2))
        // With the fingerprint gone only the stream is left to compare.
        #expect(try handler.handle(otherDetails) == .duplicate(version: 2))
        #expect(try handler.handle(Self.envelope(registration.command, for: CustomerID(UUID()), id: registration.commandID)) == .commandIDReused)
        #expect(store.lines(of: customer).count == 2)
    }

    // MARK: Versions and races

    @Test("a stale expectedVersion answers conflict with the version found, and writes nothing")
    func expectedVersionConflict() throws {
        let store = InMemoryCustomerEventStore()
        let customer = try Self.registeredCustomer(in: store)
        let handler = Self.makeHandler(store: store)
        let stale = Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer, expectedVersion: 0)
        #expect(try handler.handle(stale) == .conflict(expected: 0, actual: 1, retriesExhausted: false))
        #expect(try store.command(stale.commandID) == nil)
        #expect(try handler.handle(Self.envelope(.registerCustomer(Self.full), for: CustomerID(UUID()), expectedVersion: 1))
            == .conflict(expected: 1, actual: 0, retriesExhausted: false))
        #expect(try handler.handle(Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer, expectedVersion: 1))
            == .accepted(version: 2, events: [EventReceipt(type: "ContactInfoChanged", version: 2, position: store.lines(of: customer)[1].position)]))
    }

    @Test("a race lost without expectedVersion is retried on the new head and accepted after the rival's event")
    func lostRaceRetried() throws {
        let store = RacingCustomerStore(losses: 1)
        let customer = try Self.registeredCustomer(in: store)
        store.arm()
        let change = Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer)
        guard case let .accepted(version, events) = try Self.makeHandler(store: store).handle(change) else {
            Issue.record("not accepted after the lost race")
            return
        }
        #expect(version == 3)
        #expect(events.map(\.version) == [3])
        #expect(store.inner.lines(of: customer).map(\.event.version) == [1, 2, 3])
        #expect(try store.command(change.commandID)?.resultingVersion == 3)
        #expect(store.inner.contact(of: customer)?.contact?.name == Self.grace)
    }

    @Test("a race lost with expectedVersion is a conflict at once, never retried")
    func lostRaceWithExpectedVersion() throws {
        let store = RacingCustomerStore(losses: 1)
        let customer = try Self.registeredCustomer(in: store)
        store.arm()
        let change = Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer, expectedVersion: 1)
        #expect(try Self.makeHandler(store: store).handle(change) == .conflict(expected: 1, actual: 2, retriesExhausted: false))
        #expect(try store.command(change.commandID) == nil)
    }

    @Test("rivals that keep winning exhaust the bounded retries: conflict with retriesExhausted, at the versions of the last attempt")
    func retriesExhausted() throws {
        let store = RacingCustomerStore(losses: 100)
        let customer = try Self.registeredCustomer(in: store)
        store.arm()
        let change = Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer)
        // Each of the three attempts reads the head one rival event further on, and loses to the next.
        #expect(try Self.makeHandler(store: store, maximumAttempts: 3).handle(change) == .conflict(expected: 3, actual: 4, retriesExhausted: true))
        #expect(try store.command(change.commandID) == nil)
        #expect(store.inner.lines(of: customer).count == 4)
    }

    @Test("a customer forgotten between the read and the append: the stream counts as moved, and the retry refuses the change as forgotten")
    func forgottenDuringTheRace() throws {
        let store = RacingCustomerStore(losses: 1, rival: RacingCustomerStore.forget)
        let customer = try Self.registeredCustomer(in: store)
        store.arm()
        let change = Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer)
        #expect(try Self.makeHandler(store: store).handle(change) == .rejected(.customerForgotten))
        #expect(store.inner.lines(of: customer).count == 1)
        #expect(store.inner.contact(of: customer)?.contact == nil)
        #expect(try store.command(change.commandID) == nil)
    }

    // MARK: The key source

    @Test("the key source is asked once per registration, and never for a change, a repeat or a refusal")
    func keySourceOnlyForRegistration() throws {
        let store = InMemoryCustomerEventStore()
        let keys = KeySource()
        let handler = Self.makeHandler(store: store, makeKey: keys.make)
        let customer = CustomerID(UUID())
        let registration = Self.envelope(.registerCustomer(Self.full), for: customer)
        _ = try handler.handle(registration)
        #expect(keys.calls == 1)
        _ = try handler.handle(Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer))
        _ = try handler.handle(registration)
        _ = try handler.handle(Self.envelope(.registerCustomer(Self.full), for: customer))
        _ = try handler.handle(Self.envelope(.changeContactInfo(.none), for: CustomerID(UUID())))
        #expect(keys.calls == 1)
        _ = try handler.handle(Self.envelope(.registerCustomer(Self.full), for: CustomerID(UUID())))
        #expect(keys.calls == 2)
    }

    @Test("a key source that fails makes the registration throw its error, with nothing written; the next registration goes through")
    func keySourceFailure() throws {
        let store = InMemoryCustomerEventStore()
        let keys = KeySource()
        keys.failure = RandomSourceDown()
        let handler = Self.makeHandler(store: store, makeKey: keys.make)
        let customer = CustomerID(UUID())
        let registration = Self.envelope(.registerCustomer(Self.full), for: customer)
        #expect(throws: RandomSourceDown()) { try handler.handle(registration) }
        #expect(keys.calls == 1)
        try Self.expectNothingWritten(for: customer, commandID: registration.commandID, in: store)
        #expect(store.allLines.isEmpty)

        keys.failure = nil
        #expect(try handler.handle(registration) == .accepted(version: 1, events: [EventReceipt(type: "CustomerRegistered", version: 1, position: 1)]))
    }

    // MARK: Time

    @Test("a stream's times never run backwards: a writer whose clock is behind stamps its event at the last event's time")
    func occurredAtNeverRunsBackwards() throws {
        let store = InMemoryCustomerEventStore()
        let customer = try Self.registeredCustomer(in: store)
        let behind = Self.makeHandler(store: store, start: Self.start - 3_600_000_000)
        _ = try behind.handle(Self.envelope(.changeContactInfo(ContactChange(name: Self.grace)), for: customer))
        let times = store.lines(of: customer).map(\.event.occurredAt)
        #expect(times == [Timestamp(microsecondsSinceEpoch: Self.start), Timestamp(microsecondsSinceEpoch: Self.start)])
        #expect(store.contact(of: customer)?.updatedAt == times[1])

        let ahead = Self.makeHandler(store: store, start: Self.start + 5_000_000)
        _ = try ahead.handle(Self.envelope(.changeContactInfo(ContactChange(name: Self.ada)), for: customer))
        #expect(store.lines(of: customer).last?.event.occurredAt == Timestamp(microsecondsSinceEpoch: Self.start + 5_000_000))
    }
}
