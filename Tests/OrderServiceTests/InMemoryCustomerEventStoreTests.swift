import Foundation
import Hashing
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PersonalDataProtection
import Testing

/// The in-memory customer store stands in for PostgreSQL's in the handler's tests, so it must keep
/// the same rules: the version check (an order's or a forgotten stream never moves), one record per
/// command id, one key per customer, and `forget` clearing everything that held the details.
@Suite("In-memory customer store")
struct InMemoryCustomerEventStoreTests {
    typealias Fixtures = CustomerCommandHandlerTests

    static let moment = Timestamp(microsecondsSinceEpoch: Fixtures.start)

    /// An append of `event` as the next event after `previous` (nil: the stream's first), sealed under
    /// `key`, bringing `newKey` along; built by hand so the store's checks can be met one at a time.
    static func append(
        _ event: CustomerEvent, to customer: CustomerID, after previous: FeedLine? = nil, expectedVersion: Int? = nil, key: CustomerKey,
        newKey: CustomerKey? = nil, commandID: CommandID = CommandID(UUID())
    ) throws -> CustomerAppend {
        let expected = expectedVersion ?? previous?.event.version ?? 0
        let eventID = EventID(UUID())
        let encoded = try CustomerEventCodec.encode(event, eventID: eventID, sealedWith: key)
        let chained = ChainedEvent(
            orderID: OrderID(customer.uuid), version: expected + 1, eventID: eventID, type: encoded.type, schemaVersion: encoded.schemaVersion,
            payload: encoded.payload, metadata: ["commandId": .string(commandID.description)], occurredAt: moment
        )
        let command = CustomerCommand.registerCustomer(Fixtures.full)
        let fingerprint = CommandFingerprint.of(CustomerCommandEnvelope(commandID: commandID, customerID: customer, command: command))
        return CustomerAppend(
            customerID: customer, expectedVersion: expected, event: chained, hash: EventChain.link(of: chained, after: previous?.hash ?? EventChain.genesis),
            newKey: newKey, command: CommandRecord(commandID: commandID, streamID: StreamID(customer.uuid), fingerprint: fingerprint, resultingVersion: expected + 1),
            view: ContactView(customerID: customer, contact: Fixtures.full, version: expected + 1, registeredAt: moment, updatedAt: moment)
        )
    }

    /// A store holding one customer registered and changed once by the handler.
    static func storeWithCustomer() throws -> (InMemoryCustomerEventStore, CustomerID) {
        let store = InMemoryCustomerEventStore()
        let customer = try Fixtures.registeredCustomer(in: store)
        _ = try Fixtures.makeHandler(store: store).handle(Fixtures.envelope(.changeContactInfo(ContactChange(phone: .clear)), for: customer))
        return (store, customer)
    }

    // MARK: Forget

    @Test("forget answers notFound for an unknown id, wrongStreamKind for an order's stream, then forgotten once and alreadyForgotten after")
    func forgetOutcomes() throws {
        let (store, customer) = try Self.storeWithCustomer()
        let order = CustomerID(UUID())
        store.markOrderStream(order, version: 4)
        #expect(try store.forget(CustomerID(UUID())) == .notFound)
        #expect(try store.forget(order) == .wrongStreamKind)
        #expect(try store.forget(customer) == .forgotten)
        #expect(try store.forget(customer) == .alreadyForgotten)
        #expect(store.isForgotten(customer))
        #expect(!store.isForgotten(order))
    }

    @Test("forget destroys the key and clears the contacts row, keeping its version and times, and leaves every event as it was")
    func forgetClearsTheDetails() throws {
        let (store, customer) = try Self.storeWithCustomer()
        let linesBefore = store.lines(of: customer)
        let rowBefore = try #require(store.contact(of: customer))
        _ = try store.forget(customer)

        #expect(store.key(of: customer) == nil)
        #expect(store.contact(of: customer) == ContactView(
            customerID: customer, contact: nil, version: rowBefore.version, registeredAt: rowBefore.registeredAt, updatedAt: rowBefore.updatedAt
        ))
        #expect(store.lines(of: customer) == linesBefore)
        let head = try store.customerHead(of: customer)
        #expect(head.state == .forgotten && head.key == nil && head.version == 2 && head.view?.isForgotten == true)
        #expect(head.hash == linesBefore.last?.hash)
    }

    @Test("forget clears the fingerprints of the customer's command records only")
    func forgetClearsOnlyItsFingerprints() throws {
        let store = InMemoryCustomerEventStore()
        let forgottenID = CommandID(UUID()), keptID = CommandID(UUID()), orderID = CommandID(UUID())
        let customer = try Fixtures.registeredCustomer(in: store, id: forgottenID)
        _ = try Fixtures.registeredCustomer(in: store, id: keptID)
        let orderRecord = CommandRecord(commandID: orderID, streamID: StreamID(UUID()), fingerprint: SHA256.hash("an order command"), resultingVersion: 1)
        store.recordOrderCommand(orderRecord)
        let kept = try store.command(keptID)
        _ = try store.forget(customer)

        let cleared = try #require(try store.command(forgottenID))
        #expect(cleared.fingerprint == nil && cleared.streamID == StreamID(customer.uuid) && cleared.resultingVersion == 1)
        #expect(try store.command(keptID) == kept && kept?.fingerprint != nil)
        #expect(try store.command(orderID) == orderRecord)
    }

    // MARK: The version check

    @Test("a forgotten stream takes no append, even at its version: versionConflict at that version, nothing written")
    func forgottenRefusesAppends() throws {
        let (store, customer) = try Self.storeWithCustomer()
        let lines = store.lines(of: customer)
        _ = try store.forget(customer)
        let append = try Self.append(.contactInfoChanged(ContactChange(name: Fixtures.grace)), to: customer, after: lines.last, key: CustomerKey.generate())
        #expect(try store.append(append) == .versionConflict(actual: 2))
        #expect(store.lines(of: customer) == lines)
        #expect(try store.command(append.command.commandID) == nil)
        #expect(store.contact(of: customer)?.contact == nil)
    }

    @Test("an order's stream takes no customer append, whatever version it expects", arguments: [0, 3, 4])
    func orderStreamRefusesAppends(expectedVersion: Int) throws {
        let store = InMemoryCustomerEventStore()
        let order = CustomerID(UUID())
        store.markOrderStream(order, version: 4)
        let key = try CustomerKey.generate()
        let append = try Self.append(.customerRegistered(Fixtures.full), to: order, expectedVersion: expectedVersion, key: key, newKey: key)
        #expect(try store.append(append) == .versionConflict(actual: 4))
        #expect(store.allLines.isEmpty && store.key(of: order) == nil && store.contact(of: order) == nil)
        #expect(try store.command(append.command.commandID) == nil)
        #expect(try store.customerHead(of: order).belongsToOrder)
    }

    @Test("an append that does not expect the stream's version is a conflict with the version found, and writes nothing", arguments: [0, 1, 3])
    func staleVersion(expectedVersion: Int) throws {
        let (store, customer) = try Self.storeWithCustomer()
        let key = try #require(store.key(of: customer))
        let append = try Self.append(.contactInfoChanged(ContactChange(name: Fixtures.grace)), to: customer, expectedVersion: expectedVersion, key: key)
        #expect(try store.append(append) == .versionConflict(actual: 2))
        #expect(store.lines(of: customer).count == 2)
        #expect(try store.command(append.command.commandID) == nil)
    }

    // MARK: Command ids and keys

    @Test("an append under a command id already recorded, on any stream, is commandAlreadyRecorded and writes nothing")
    func commandAlreadyRecorded() throws {
        let store = InMemoryCustomerEventStore()
        let id = CommandID(UUID())
        let first = try Fixtures.registeredCustomer(in: store, id: id)
        let recorded = try store.command(id)
        let other = CustomerID(UUID())
        let key = try CustomerKey.generate()
        #expect(try store.append(Self.append(.customerRegistered(Fixtures.full), to: other, key: key, newKey: key, commandID: id)) == .commandAlreadyRecorded)
        #expect(store.lines(of: other).isEmpty && store.key(of: other) == nil && store.contact(of: other) == nil)
        #expect(try store.command(id) == recorded && recorded?.streamID == StreamID(first.uuid))
    }

    @Test("a customer gets a key once: an append bringing a second key throws and writes nothing, the first key stays")
    func secondKeyRefused() throws {
        let store = InMemoryCustomerEventStore()
        let customer = CustomerID(UUID())
        let first = try CustomerKey.generate()
        let registration = try Self.append(.customerRegistered(Fixtures.full), to: customer, key: first, newKey: first)
        guard case .appended = try store.append(registration) else {
            Issue.record("the registration was not appended")
            return
        }
        let second = try CustomerKey.generate()
        let rekeying = try Self.append(
            .contactInfoChanged(ContactChange(name: Fixtures.grace)), to: customer, after: store.lines(of: customer).last, key: second, newKey: second
        )
        #expect(throws: StoreFailure.self) { try store.append(rekeying) }
        #expect(store.key(of: customer)?.bytes == first.bytes)
        #expect(store.lines(of: customer).count == 1)
        #expect(try store.command(rekeying.command.commandID) == nil)
        #expect(store.contact(of: customer)?.version == 1)
    }

    // MARK: Heads and receipts

    @Test("the head of an unknown id is empty; of a customer, the fold of its lines with its key")
    func heads() throws {
        let store = InMemoryCustomerEventStore()
        let unknown = try store.customerHead(of: CustomerID(UUID()))
        #expect(unknown.version == 0 && unknown.state == .notRegistered && unknown.key == nil && !unknown.belongsToOrder && unknown.view == nil)

        let (filled, customer) = try Self.storeWithCustomer()
        let head = try filled.customerHead(of: customer)
        let lines = filled.lines(of: customer)
        #expect(head.version == 2 && head.hash == lines[1].hash && head.lastOccurredAt == lines[1].event.occurredAt)
        #expect(head.state == .registered(ContactInfo(name: Fixtures.ada, email: Fixtures.adaMail, address: Fixtures.berlin)))
        #expect(head.key?.bytes == filled.key(of: customer)?.bytes)
        #expect(head.view == filled.contact(of: customer))
    }

    @Test("positions increase across streams in append order, and each receipt names its event's type, version and position")
    func positions() throws {
        let store = InMemoryCustomerEventStore()
        let handler = Fixtures.makeHandler(store: store)
        let customers = [CustomerID(UUID()), CustomerID(UUID())]
        var receipts: [EventReceipt] = []
        for command in [(customers[0], CustomerCommand.registerCustomer(Fixtures.full)), (customers[1], .registerCustomer(Fixtures.full)),
                        (customers[0], .changeContactInfo(.none))] {
            guard case let .accepted(_, events) = try handler.handle(Fixtures.envelope(command.1, for: command.0)) else {
                Issue.record("not accepted")
                return
            }
            receipts += events
        }
        #expect(receipts == [
            EventReceipt(type: "CustomerRegistered", version: 1, position: 1),
            EventReceipt(type: "CustomerRegistered", version: 1, position: 2),
            EventReceipt(type: "ContactInfoChanged", version: 2, position: 3),
        ])
        #expect(store.allLines.map(\.position) == [1, 2, 3])
    }
}
