import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// `PostgresCustomerEventStore.forget` (`forget_customer`): the key destroyed, every plain copy cleared,
/// the log untouched, and the customer gone for the commands that come after.
@Suite("Forgetting customers on PostgreSQL", .serialized)
struct PostgresCustomerEventStoreForgetTests {
    typealias Fixtures = CustomerStoreFixtures

    /// A customer registered and changed twice (a clear among the changes), and the commands that did it.
    private struct History {
        let customer: CustomerID
        let commands: [CustomerCommandEnvelope]
    }

    private static func registeredAndChanged(on connection: DatabaseConnection) throws -> History {
        let customer = CustomerID(UUID())
        let commands = [
            Fixtures.register(customer),
            Fixtures.change(customer, ContactChange(name: Fixtures.otherName, phone: .clear)),
            Fixtures.change(customer, ContactChange(email: Fixtures.otherEmail)),
        ]
        let handler = Fixtures.handler(on: connection)
        for (index, command) in commands.enumerated() {
            #expect(try handler.handle(command).acceptedVersion == index + 1)
        }
        return History(customer: customer, commands: commands)
    }

    @Test("forget answers forgotten, then already_forgotten; not_found for an unknown id; wrong_stream_kind for an order, which it leaves alone")
    func outcomes() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let store = PostgresCustomerEventStore(connection: connection)
            let history = try Self.registeredAndChanged(on: connection)
            let order = OrderID(UUID())
            let orders = StoreFixtures.handler(on: connection)
            _ = try orders.handle(StoreFixtures.place(order))
            let orderBefore = try Fixtures.storedEvents(of: order.uuid, on: connection)
            let orderCommandsBefore = try Fixtures.rows(
                "SELECT command_id::text, encode(fingerprint, 'hex') FROM commands WHERE stream_id = $1", [order.description], columns: 2, on: connection
            )

            #expect(try store.forget(history.customer) == .forgotten)
            #expect(try store.forget(history.customer) == .alreadyForgotten)
            let unknown = CustomerID(UUID())
            #expect(try store.forget(unknown) == .notFound)
            #expect(try Fixtures.value("SELECT count(*) FROM streams WHERE stream_id = $1", [unknown.description], on: connection) == "0")
            #expect(try store.forget(CustomerID(order.uuid)) == .wrongStreamKind)

            #expect(try Fixtures.rows("SELECT kind, forgotten::text FROM streams WHERE stream_id = $1", [order.description], columns: 2, on: connection) == [["order", "false"]])
            #expect(try Fixtures.storedEvents(of: order.uuid, on: connection) == orderBefore)
            #expect(try Fixtures.rows(
                "SELECT command_id::text, encode(fingerprint, 'hex') FROM commands WHERE stream_id = $1", [order.description], columns: 2, on: connection
            ) == orderCommandsBefore)
            #expect(orderCommandsBefore.first?[1]?.count == 64)
            #expect(try orders.handle(StoreFixtures.add(to: order)).acceptedVersion == 2)
        }
    }

    @Test("after forget: no key, a contacts row of NULLs marked forgotten, no fingerprints, the events as they were, a forgotten head")
    func whatForgetLeaves() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let store = PostgresCustomerEventStore(connection: connection)
            let history = try Self.registeredAndChanged(on: connection)
            let bystander = try Self.registeredAndChanged(on: connection)
            let customer = history.customer
            let id = customer.description

            let eventsBefore = try Fixtures.storedEvents(of: customer.uuid, on: connection)
            #expect(eventsBefore.count == 3)
            let viewBefore = try #require(try ContactsTable.view(of: customer, on: connection, context: "test"))
            #expect(viewBefore.contact != nil)
            #expect(try Fixtures.storedKey(of: customer, on: connection) != nil)
            let bystanderBefore = try Fixtures.contactsRow(of: bystander.customer, on: connection)
            #expect(try Fixtures.value("SELECT count(fingerprint) FROM commands WHERE stream_id = $1", [id], on: connection) == "3")

            #expect(try store.forget(customer) == .forgotten)

            #expect(try Fixtures.value("SELECT count(*) FROM customer_keys WHERE customer_id = $1", [id], on: connection) == "0")
            #expect(try Fixtures.storedKey(of: customer, on: connection) == nil)
            #expect(try Fixtures.contactsRow(of: customer, on: connection) == [nil, nil, nil, nil, "true", "3"])
            let view = try #require(try ContactsTable.view(of: customer, on: connection, context: "test"))
            #expect(view == ContactView(customerID: customer, contact: nil, version: 3, registeredAt: viewBefore.registeredAt, updatedAt: viewBefore.updatedAt))
            #expect(view.isForgotten)
            #expect(try ReadModelQueries(connection: connection).customer(customer)?.contact == view)
            #expect(try StreamHistory(connection: connection).customer(customer, asOf: viewBefore.registeredAt)?.contact?.isForgotten == true)

            #expect(try Fixtures.rows(
                "SELECT command_id::text, fingerprint IS NULL, result_version::text FROM commands WHERE stream_id = $1 ORDER BY result_version", [id],
                columns: 3, on: connection
            ) == history.commands.enumerated().map { [$1.commandID.description, "t", String($0 + 1)] })
            #expect(try Fixtures.storedEvents(of: customer.uuid, on: connection) == eventsBefore)
            #expect(try Fixtures.rows("SELECT kind, forgotten::text, version::text FROM streams WHERE stream_id = $1", [id], columns: 3, on: connection)
                == [["customer", "true", "3"]])

            let head = try store.customerHead(of: customer)
            #expect(head.state == .forgotten)
            #expect(head.key == nil)
            #expect(head.version == 3)
            #expect(head.view?.isForgotten == true)
            #expect(try head.hash == CustomerHistory.lines(of: customer, on: connection, context: "test").last?.hash)

            // The other customer keeps everything.
            #expect(try Fixtures.contactsRow(of: bystander.customer, on: connection) == bystanderBefore)
            #expect(try Fixtures.storedKey(of: bystander.customer, on: connection) != nil)
            #expect(try Fixtures.value("SELECT count(fingerprint) FROM commands WHERE stream_id = $1", [bystander.customer.description], on: connection) == "3")
        }
    }

    @Test("a forgotten customer: registering again is customer_already_exists, a change customer_not_found, the original commands duplicates")
    func commandsAfterForget() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let history = try Self.registeredAndChanged(on: connection)
            let customer = history.customer
            #expect(try PostgresCustomerEventStore(connection: connection).forget(customer) == .forgotten)
            let handler = Fixtures.handler(on: connection)

            #expect(try handler.handle(Fixtures.register(customer)) == .rejected(.customerAlreadyExists))
            #expect(try handler.handle(Fixtures.register(customer, expectedVersion: 3)) == .rejected(.customerAlreadyExists))
            let change = try handler.handle(Fixtures.change(customer, ContactChange(name: Fixtures.name)))
            #expect(change == .rejected(.customerForgotten))
            #expect(CustomerRejection.customerForgotten.code == "customer_not_found")
            // Resubmitting what was applied before still ends in duplicates, with the versions they produced.
            for (index, command) in history.commands.enumerated() {
                #expect(try handler.handle(command) == .duplicate(version: index + 1))
            }

            #expect(try Fixtures.storedEvents(of: customer.uuid, on: connection).count == 3)
            #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE stream_id = $1", [customer.description], on: connection) == "3")
            #expect(try Fixtures.value("SELECT count(*) FROM customer_keys WHERE customer_id = $1", [customer.description], on: connection) == "0")
            #expect(try Fixtures.contactsRow(of: customer, on: connection) == [nil, nil, nil, nil, "true", "3"])
        }
    }

    @Test("a replay without the key shows each event's touched fields as null with \"forgotten\": true, and the stored links")
    func replayWithoutKey() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let history = try Self.registeredAndChanged(on: connection)
            let customer = history.customer
            let key = try #require(try Fixtures.storedKey(of: customer, on: connection))
            let lines = try CustomerHistory.lines(of: customer, on: connection, context: "test")

            // With the key (before forget) the replay discloses the details; this is what forget takes away.
            var opened = CustomerReplay(key: key)
            let openedSteps = try lines.compactMap { line throws(EventDecodingError) in try opened.step(line) }
            #expect(openedSteps.first?.line.event.payload["name"] == .string(Fixtures.name.value))
            #expect(openedSteps.last?.view?.contact == ContactInfo(name: Fixtures.otherName, email: Fixtures.otherEmail, address: Fixtures.address))

            #expect(try PostgresCustomerEventStore(connection: connection).forget(customer) == .forgotten)
            let storedKey = try Fixtures.storedKey(of: customer, on: connection)
            #expect(storedKey == nil)
            let afterForget = try CustomerHistory.lines(of: customer, on: connection, context: "test")
            #expect(afterForget == lines)

            var replay = CustomerReplay(key: storedKey)
            let steps = try afterForget.compactMap { line throws(EventDecodingError) in try replay.step(line) }
            #expect(steps.count == 3)
            #expect(steps.map(\.line.event.payload) == [
                ["name": .null, "email": .null, "phone": .null, "address": .null, "forgotten": true],
                ["name": .null, "phone": .null, "forgotten": true],
                ["email": .null, "forgotten": true],
            ])
            #expect(steps.map(\.line.hash) == lines.map(\.hash))
            #expect(steps.map(\.line.position) == lines.map(\.position))
            #expect(steps.map(\.line.event.metadata) == lines.map(\.event.metadata))
            #expect(steps.allSatisfy { $0.view?.isForgotten == true })
            #expect(steps.map { $0.view?.version } == [1, 2, 3])
            // Nothing of the details anywhere in what the replay shows.
            var writer = JSONTextWriter()
            for step in steps { step.line.write(into: &writer) }
            let shown = String(decoding: writer.output, as: UTF8.self)
            for text in Fixtures.plaintexts(of: Fixtures.full) + Fixtures.plaintexts(of: Fixtures.minimal) {
                #expect(!shown.contains(text), "the replay shows \(text)")
            }
        }
    }
}
