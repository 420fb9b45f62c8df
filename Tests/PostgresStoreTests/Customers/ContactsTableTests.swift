import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// `customer_contacts` rebuilt from the log with the keys gives the rows the appends and forgets wrote inline.
@Suite("Contacts read model on PostgreSQL", .serialized)
struct ContactsTableTests {
    typealias Fixtures = CustomerStoreFixtures

    /// Customers in every state the table knows: registered (full and minimal), changed with clears,
    /// changed then forgotten, forgotten right after registering; and an order beside them.
    private static func customersInEveryState(on connection: DatabaseConnection) throws -> [String: CustomerID] {
        let handler = Fixtures.handler(on: connection)
        let customers = ["full", "minimal", "changed", "changedThenForgotten", "forgotten"].reduce(into: [String: CustomerID]()) { $0[$1] = CustomerID(UUID()) }
        _ = try handler.handle(Fixtures.register(customers["full"]!))
        _ = try handler.handle(Fixtures.register(customers["minimal"]!, Fixtures.minimal))
        _ = try handler.handle(Fixtures.register(customers["changed"]!))
        _ = try handler.handle(Fixtures.change(customers["changed"]!, ContactChange(name: Fixtures.otherName, phone: .clear, address: .set(Fixtures.otherAddress))))
        _ = try handler.handle(Fixtures.change(customers["changed"]!, ContactChange(address: .clear)))
        _ = try handler.handle(Fixtures.register(customers["changedThenForgotten"]!, Fixtures.minimal))
        _ = try handler.handle(Fixtures.change(customers["changedThenForgotten"]!, ContactChange(phone: .set(Fixtures.phone))))
        _ = try handler.handle(Fixtures.register(customers["forgotten"]!))
        let store = PostgresCustomerEventStore(connection: connection)
        #expect(try store.forget(customers["changedThenForgotten"]!) == .forgotten)
        #expect(try store.forget(customers["forgotten"]!) == .forgotten)
        _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(OrderID(UUID())))
        return customers
    }

    @Test("a rebuild gives exactly the rows written inline, forgotten rows included, and repairs rows that were lost or changed")
    func rebuildMatchesInlineWrites() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let customers = try Self.customersInEveryState(on: connection)
            let inline = try Fixtures.contactsTable(on: connection)
            #expect(inline.count == 5)
            #expect(inline.filter { $0[5] == "true" }.map { $0[0] ?? "" }.sorted() == [customers["changedThenForgotten"]!, customers["forgotten"]!].map(\.description).sorted())
            #expect(try Fixtures.contactsRow(of: customers["changed"]!, on: connection) == ["Søren Kierkegaard", Fixtures.storedEmail, nil, nil, "false", "3"])

            // Lose one row, change another, add one that the log does not know.
            try connection.execute("DELETE FROM customer_contacts WHERE customer_id = $1", [customers["full"]!.description], context: "test")
            try connection.execute("UPDATE customer_contacts SET name = 'Tampered', version = 99 WHERE customer_id = $1", [customers["minimal"]!.description], context: "test")
            try connection.execute(
                "INSERT INTO customer_contacts (customer_id, name, email, version, registered_at, updated_at) VALUES ($1, 'Nobody', 'nobody@example.org', 1, now(), now())",
                [UUID().uuidString.lowercased()], context: "test"
            )
            #expect(try Fixtures.contactsTable(on: connection) != inline)

            let folded = try ContactsTable.rebuild(on: connection, context: "test")
            #expect(folded == 1 + 1 + 3 + 2 + 1)
            #expect(try Fixtures.contactsTable(on: connection) == inline)
            // Again, from a table left empty.
            try connection.execute("DELETE FROM customer_contacts", context: "test")
            #expect(try ContactsTable.rebuild(on: connection, context: "test") == folded)
            #expect(try Fixtures.contactsTable(on: connection) == inline)
            // The views read back are the heads' views.
            let store = PostgresCustomerEventStore(connection: connection)
            for customer in customers.values {
                #expect(try ContactsTable.view(of: customer, on: connection, context: "test") == store.customerHead(of: customer).view)
            }
        }
    }

    @Test("a rebuild of a store without customers leaves the table empty")
    func rebuildWithoutCustomers() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(OrderID(UUID())))
            try connection.execute(
                "INSERT INTO customer_contacts (customer_id, name, email, version, registered_at, updated_at) VALUES ($1, 'Nobody', 'nobody@example.org', 1, now(), now())",
                [UUID().uuidString.lowercased()], context: "test"
            )
            #expect(try ContactsTable.rebuild(on: connection, context: "test") == 0)
            #expect(try Fixtures.contactsTable(on: connection) == [])
        }
    }
}
