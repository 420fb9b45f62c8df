import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// The customer command handler over `PostgresCustomerEventStore`: what it answers and what it leaves
/// in the tables, against the real database.
@Suite("Customer commands on PostgreSQL", .serialized)
struct CustomerCommandHandlerTests {
    typealias Fixtures = CustomerStoreFixtures

    @Test("register then change: the contacts row holds exactly what was sent, and the change records its clears")
    func registerThenChange() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = Fixtures.handler(on: connection)
            let customer = CustomerID(UUID())

            let registered = try handler.handle(Fixtures.register(customer))
            guard case let .accepted(1, receipts) = registered else {
                Issue.record("expected the registration to be accepted at version 1, got \(registered)")
                return
            }
            #expect(receipts.map(\.type) == ["CustomerRegistered"])
            #expect(receipts.map(\.version) == [1])

            let history = try CustomerHistory.lines(of: customer, on: connection, context: "test")
            #expect(history.map(\.position) == receipts.map(\.position))
            let registeredAt = try #require(history.first?.event.occurredAt)
            let view = try #require(try ContactsTable.view(of: customer, on: connection, context: "test"))
            #expect(view == ContactView(customerID: customer, contact: Fixtures.full, version: 1, registeredAt: registeredAt, updatedAt: registeredAt))
            // The row as stored: the name exactly as given (not normalised, not escaped), the domain lower-cased.
            let row = try #require(try Fixtures.contactsRow(of: customer, on: connection))
            #expect(row[0] == "Zoë Ångström-Łukasiewicz 佐藤")
            #expect(row[1] == Fixtures.storedEmail)
            #expect(row[2] == "+4930123456")
            #expect(row[4] == "false")
            let address = try #require(row[3])
            let stored = try #require(try JSONParser.parse(Array(address.utf8)).objectValue)
            #expect(Set(stored.keys) == ["street", "city", "postalCode", "country"])
            #expect(stored["street"] == "Straße des 17. Juni 135")
            #expect(stored["city"] == "Berlin")
            #expect(stored["postalCode"] == "10623")
            #expect(stored["country"] == "DE")

            // The same email in other letter case is no change; the name is; phone and address are cleared.
            let change = ContactChange(name: Fixtures.otherName, email: try EmailAddress("Zoe.Angstrom@EXAMPLE.org"), phone: .clear, address: .clear)
            #expect(try handler.handle(Fixtures.change(customer, change)).acceptedVersion == 2)
            let changed = ContactInfo(name: Fixtures.otherName, email: Fixtures.email)
            let afterChange = try #require(try ContactsTable.view(of: customer, on: connection, context: "test"))
            #expect(afterChange.contact == changed)
            #expect(afterChange.version == 2)
            #expect(afterChange.registeredAt == registeredAt)
            #expect(try ReadModelQueries(connection: connection).customer(customer)?.contact == afterChange)
            #expect(try Fixtures.contactsRow(of: customer, on: connection) == ["Søren Kierkegaard", Fixtures.storedEmail, nil, nil, "false", "2"])

            // The stored event says what changed: the name sealed, phone and address cleared, the email absent.
            let lines = try CustomerHistory.lines(of: customer, on: connection, context: "test")
            let changeLine = try #require(lines.last)
            #expect(changeLine.event.type == "ContactInfoChanged")
            #expect(Set(changeLine.event.payload.keys) == ["name", "phone", "address"])
            #expect(changeLine.event.payload["phone"] == .null)
            #expect(changeLine.event.payload["address"] == .null)
            #expect(changeLine.event.payload["name"]?.stringValue?.hasPrefix("v1.") == true)
            let key = try #require(try Fixtures.storedKey(of: customer, on: connection))
            let decoded = try CustomerEventCodec.decode(changeLine.event.encoded, eventID: changeLine.event.eventID, key: key)
            #expect(decoded == .contactInfoChanged(ContactChange(name: Fixtures.otherName, phone: .clear, address: .clear)))
            #expect(changeLine.event.metadata["user"] == "tester")

            let head = try PostgresCustomerEventStore(connection: connection).customerHead(of: customer)
            #expect(head.version == 2)
            #expect(head.state == .registered(changed))
            #expect(head.hash == changeLine.hash)
        }
    }

    @Test("registering twice is customer_already_exists; changing an unknown customer is customer_not_found; neither writes")
    func businessRejections() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = Fixtures.handler(on: connection)
            let customer = CustomerID(UUID())
            _ = try handler.handle(Fixtures.register(customer))

            let again = try handler.handle(Fixtures.register(customer, Fixtures.minimal))
            #expect(again == .rejected(.customerAlreadyExists))
            #expect(CustomerRejection.customerAlreadyExists.code == "customer_already_exists")
            #expect(try Fixtures.storedEvents(of: customer.uuid, on: connection).count == 1)
            #expect(try ContactsTable.view(of: customer, on: connection, context: "test")?.contact == Fixtures.full)

            let unknown = CustomerID(UUID())
            let changeCommand = Fixtures.change(unknown, ContactChange(name: Fixtures.otherName))
            #expect(try handler.handle(changeCommand) == .rejected(.customerNotFound))
            #expect(CustomerRejection.customerNotFound.code == "customer_not_found")
            #expect(try Fixtures.value("SELECT count(*) FROM streams WHERE stream_id = $1", [unknown.description], on: connection) == "0")
            #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE command_id = $1", [changeCommand.commandID.description], on: connection) == "0")
            #expect(try ContactsTable.view(of: unknown, on: connection, context: "test") == nil)
        }
    }

    @Test("a repeated command id answers duplicate with the version it produced; reused for another command it is refused")
    func idempotency() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = Fixtures.handler(on: connection)
            let customer = CustomerID(UUID())
            let registration = Fixtures.register(customer)
            let change = Fixtures.change(customer, ContactChange(phone: .set(Fixtures.otherPhone)))
            #expect(try handler.handle(registration).acceptedVersion == 1)
            #expect(try handler.handle(change).acceptedVersion == 2)

            // Answered from the record of each command, not from the stream's version now.
            #expect(try handler.handle(registration) == .duplicate(version: 1))
            #expect(try handler.handle(change) == .duplicate(version: 2))
            // From another connection, with the store's record alone.
            #expect(try Fixtures.handler(on: try database.connect()).handle(registration) == .duplicate(version: 1))

            // The same id for another command: different details, another customer, or an order's command.
            let otherDetails = Fixtures.register(customer, Fixtures.minimal, id: registration.commandID)
            #expect(try handler.handle(otherDetails) == .commandIDReused)
            let otherCustomer = Fixtures.register(CustomerID(UUID()), id: registration.commandID)
            #expect(try handler.handle(otherCustomer) == .commandIDReused)
            let clearsInstead = Fixtures.change(customer, ContactChange(phone: .clear), id: change.commandID)
            #expect(try handler.handle(clearsInstead) == .commandIDReused)
            let order = OrderID(UUID())
            let placement = StoreFixtures.envelope(.placeOrder(customer: customer, currency: .eur), for: order)
            #expect(try StoreFixtures.handler(on: connection).handle(placement).acceptedVersion == 1)
            #expect(try handler.handle(Fixtures.register(CustomerID(UUID()), id: placement.commandID)) == .commandIDReused)

            #expect(try Fixtures.storedEvents(of: customer.uuid, on: connection).count == 2)
            #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE stream_id = $1", [customer.description], on: connection) == "2")
            #expect(try ContactsTable.view(of: customer, on: connection, context: "test")?.contact?.phone == Fixtures.otherPhone)
        }
    }

    @Test("checks come in order: duplicate, then conflict, then wrong_stream_kind, then the business rules")
    func orderOfChecks() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = Fixtures.handler(on: connection)
            let customer = CustomerID(UUID())
            let registration = Fixtures.register(customer)
            _ = try handler.handle(registration)
            _ = try handler.handle(Fixtures.change(customer, ContactChange(name: Fixtures.otherName)))
            let order = OrderID(UUID())
            _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(order))
            let orderAsCustomer = CustomerID(order.uuid)

            // Duplicate before conflict: the original registration with a version that no longer holds.
            let repeated = Fixtures.register(customer, id: registration.commandID, expectedVersion: 7)
            #expect(try handler.handle(repeated) == .duplicate(version: 1))

            // Conflict before the business rules: a registration that would be customer_already_exists, a
            // change that would be customer_not_found, each with a stale expectation.
            #expect(try handler.handle(Fixtures.register(customer, expectedVersion: 0)) == .conflict(expected: 0, actual: 2, retriesExhausted: false))
            let unknown = CustomerID(UUID())
            #expect(
                try handler.handle(Fixtures.change(unknown, ContactChange(name: Fixtures.name), expectedVersion: 3))
                    == .conflict(expected: 3, actual: 0, retriesExhausted: false)
            )
            // With the right expectation the rules answer.
            #expect(try handler.handle(Fixtures.register(customer, expectedVersion: 2)) == .rejected(.customerAlreadyExists))
            #expect(try handler.handle(Fixtures.change(unknown, ContactChange(name: Fixtures.name), expectedVersion: 0)) == .rejected(.customerNotFound))

            // Conflict before wrong_stream_kind, and wrong_stream_kind before existence: on an order's stream
            // a change is not customer_not_found, nor a registration accepted.
            #expect(try handler.handle(Fixtures.register(orderAsCustomer, expectedVersion: 0)) == .conflict(expected: 0, actual: 1, retriesExhausted: false))
            #expect(try handler.handle(Fixtures.register(orderAsCustomer, expectedVersion: 1)) == .rejected(.wrongStreamKind))
            #expect(try handler.handle(Fixtures.change(orderAsCustomer, ContactChange(name: Fixtures.name))) == .rejected(.wrongStreamKind))

            #expect(try Fixtures.storedEvents(of: customer.uuid, on: connection).count == 2)
            #expect(try Fixtures.storedEvents(of: order.uuid, on: connection).count == 1)
            #expect(try ContactsTable.view(of: customer, on: connection, context: "test")?.version == 2)
        }
    }
}
