import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import PersonalDataProtection
import PostgresClient
@testable import PostgresStore
import Testing

/// What migration 006 lets the runtime role do with customers: add and read keys, forget through
/// `forget_customer` only, and never bring back what a forget destroyed.
@Suite("Runtime role and customers", .serialized)
struct RuntimeRoleCustomersTests {
    typealias Fixtures = CustomerStoreFixtures

    /// A statement the runtime role must be refused, run on the kept customer's id or the forgotten one's.
    struct Refused: Sendable, CustomTestStringConvertible {
        let sql: String
        let onForgotten: Bool
        var testDescription: String { sql }
    }

    static let refused = [
        Refused(sql: "UPDATE customer_keys SET key = decode(repeat('00', 32), 'hex') WHERE customer_id = $1", onForgotten: false),
        Refused(sql: "UPDATE customer_keys SET created_at = now() WHERE customer_id = $1", onForgotten: false),
        Refused(sql: "DELETE FROM customer_keys WHERE customer_id = $1", onForgotten: false),
        Refused(sql: "TRUNCATE customer_keys", onForgotten: false),
        Refused(sql: "UPDATE streams SET forgotten = false WHERE stream_id = $1", onForgotten: true),
        Refused(sql: "UPDATE streams SET forgotten = true WHERE stream_id = $1", onForgotten: false),
        Refused(sql: "UPDATE streams SET kind = 'order' WHERE stream_id = $1", onForgotten: false),
        Refused(sql: "UPDATE commands SET fingerprint = NULL WHERE stream_id = $1", onForgotten: false),
        Refused(sql: "UPDATE commands SET fingerprint = sha256('a new digest'::bytea) WHERE stream_id = $1", onForgotten: true),
        Refused(sql: "DELETE FROM commands WHERE stream_id = $1", onForgotten: false),
    ]

    /// A kept customer and a forgotten one, both registered and changed through the handler as the runtime role.
    private static func customers(on connection: DatabaseConnection) throws -> (kept: CustomerID, forgotten: CustomerID) {
        let handler = Fixtures.handler(on: connection)
        let kept = CustomerID(UUID())
        let forgotten = CustomerID(UUID())
        for customer in [kept, forgotten] {
            #expect(try handler.handle(Fixtures.register(customer)).acceptedVersion == 1)
            #expect(try handler.handle(Fixtures.change(customer, ContactChange(phone: .clear))).acceptedVersion == 2)
        }
        #expect(try PostgresCustomerEventStore(connection: connection).forget(forgotten) == .forgotten)
        return (kept, forgotten)
    }

    /// What the refused statements could have changed, for both customers.
    private static func guarded(_ ids: [CustomerID], on connection: DatabaseConnection) throws -> [[String?]] {
        let list = ids.map(\.description)
        return try ids.flatMap { id in
            try Fixtures.rows(
                "SELECT encode(key, 'hex'), created_at::text FROM customer_keys WHERE customer_id = $1", [id.description], columns: 2, on: connection
            )
                + Fixtures.rows("SELECT kind, forgotten::text, version::text FROM streams WHERE stream_id = $1", [id.description], columns: 3, on: connection)
                + Fixtures.rows(
                    "SELECT command_id::text, encode(fingerprint, 'hex') FROM commands WHERE stream_id = $1 ORDER BY result_version",
                    [id.description], columns: 2, on: connection
                )
        } + [[String(list.count)]]
    }

    @Test("connected as the runtime role, it may insert and read customer keys")
    func insertAndReadKeys() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            #expect(try Fixtures.value("SELECT current_user", on: connection) == RuntimeRole.name)
            // Through the handler: a registration stores a key.
            let registered = CustomerID(UUID())
            _ = try Fixtures.handler(on: connection).handle(Fixtures.register(registered))
            #expect(try Fixtures.value("SELECT length(key) FROM customer_keys WHERE customer_id = $1", [registered.description], on: connection) == "32")
            // And with plain SQL.
            let customer = CustomerID(UUID())
            try connection.execute("INSERT INTO streams (stream_id, version, kind) VALUES ($1, 1, 'customer')", [customer.description], context: "test")
            let key = try CustomerKey.generate()
            let inserted = try connection.execute(
                "INSERT INTO customer_keys (customer_id, key) VALUES ($1, decode($2, 'hex'))", [customer.description, key.hexadecimal], context: "test"
            )
            #expect(inserted.affectedRowCount == 1)
            #expect(try Fixtures.value("SELECT encode(key, 'hex') FROM customer_keys WHERE customer_id = $1", [customer.description], on: connection) == key.hexadecimal)
            var read: [String: String] = [:]
            #expect(try CustomerKeys.forEach(on: connection) { read[$0.description] = $1.hexadecimal } == 2)
            #expect(read[customer.description] == key.hexadecimal)
            #expect(read[registered.description] != nil)
        }
    }

    @Test("the runtime role may not change or remove keys, unmark a forget, or touch command fingerprints", arguments: refused)
    func refusedStatements(_ statement: Refused) throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let (kept, forgotten) = try Self.customers(on: connection)
            let before = try Self.guarded([kept, forgotten], on: connection)
            let target = statement.onForgotten ? forgotten : kept
            let parameters = statement.sql.contains("$1") ? [target.description] : []
            do {
                try connection.execute(statement.sql, parameters, context: "a statement the runtime role may not run")
                Issue.record("the runtime role ran: \(statement.sql)")
            } catch let error as PostgresError {
                #expect(error.sqlState == .insufficientPrivilege, "\(error)")
            }
            #expect(try Self.guarded([kept, forgotten], on: connection) == before)

            // The owner may: the statement is refused for the role, not for being wrong.
            let owner = try database.connectAsOwner()
            try owner.execute("BEGIN", context: "test")
            try owner.execute(statement.sql, parameters, context: "the same statement as the owner")
            try owner.execute("ROLLBACK", context: "test")
        }
    }

    @Test("the runtime role may forget through forget_customer, after which the customer gets no key again")
    func forgetAndNoKeyAgain() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let customer = CustomerID(UUID())
            _ = try Fixtures.handler(on: connection).handle(Fixtures.register(customer))
            #expect(try Fixtures.value("SELECT forget_customer($1)", [customer.description], on: connection) == "forgotten")
            #expect(try Fixtures.value("SELECT forget_customer($1)", [customer.description], on: connection) == "already_forgotten")
            #expect(try Fixtures.value("SELECT count(*) FROM customer_keys WHERE customer_id = $1", [customer.description], on: connection) == "0")

            let key = try CustomerKey.generate()
            do {
                try connection.execute(
                    "INSERT INTO customer_keys (customer_id, key) VALUES ($1, decode($2, 'hex'))", [customer.description, key.hexadecimal], context: "test"
                )
                Issue.record("a forgotten customer was given a key")
            } catch let error as PostgresError {
                #expect(error.sqlState == .checkViolation, "\(error)")
                #expect(error.message.contains("gets no key again"), "\(error.message)")
            }
            // Nor through the import's path, and not as the owner either: the trigger is the table's.
            #expect(throws: PostgresError.self) { try CustomerKeys.insert([customer: key], on: connection, context: "test") }
            let owner = try database.connectAsOwner()
            do {
                try owner.execute(
                    "INSERT INTO customer_keys (customer_id, key) VALUES ($1, decode($2, 'hex'))", [customer.description, key.hexadecimal], context: "test"
                )
                Issue.record("the owner gave a forgotten customer a key")
            } catch let error as PostgresError {
                #expect(error.sqlState == .checkViolation, "\(error)")
            }
            #expect(try Fixtures.value("SELECT count(*) FROM customer_keys WHERE customer_id = $1", [customer.description], on: connection) == "0")
            #expect(try PostgresCustomerEventStore(connection: connection).customerHead(of: customer).state == .forgotten)
        }
    }

    @Test("a temporary table named streams, which the runtime role may create, stands in for nothing the guards read")
    func temporaryTablesShadowNothing() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let (_, forgotten) = try Self.customers(on: connection)
            // PostgreSQL searches the session's temporary schema first for unqualified tables: a guard that read
            // `streams` unqualified would find this one, which says nobody was forgotten.
            try connection.execute("CREATE TEMP TABLE streams (stream_id uuid, kind text, forgotten boolean)", context: "test")
            try connection.execute("INSERT INTO streams VALUES ($1, 'customer', false)", [forgotten.description], context: "test")
            do {
                try connection.execute(
                    "INSERT INTO customer_keys (customer_id, key) VALUES ($1, decode($2, 'hex'))",
                    [forgotten.description, try CustomerKey.generate().hexadecimal], context: "test"
                )
                Issue.record("a forgotten customer was given a key behind a temporary table")
            } catch let error as PostgresError {
                #expect(error.sqlState == .checkViolation, "\(error)")
            }
            try connection.execute(
                "UPDATE customer_contacts SET name = 'Mallory', email = 'mallory@example.org', forgotten = false WHERE customer_id = $1",
                [forgotten.description], context: "test"
            )
            #expect(try Fixtures.contactsRow(of: forgotten, on: connection)?.prefix(2) == [nil, nil])
            #expect(try Fixtures.value("SELECT forget_customer($1)", [forgotten.description], on: connection) == "already_forgotten")
        }
    }

    @Test("plaintext written into a forgotten customer's contacts row is cleared by the trigger; a kept customer's is written")
    func contactsStayForgotten() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let (kept, forgotten) = try Self.customers(on: connection)
            let update = """
                UPDATE customer_contacts SET name = 'Mallory', email = 'mallory@example.org', phone = '+4930999999',
                    address = '{"street": "Somewhere 1", "city": "Berlin", "postalCode": "10115", "country": "DE"}', forgotten = false
                WHERE customer_id = $1
                """
            #expect(try connection.execute(update, [forgotten.description], context: "test").affectedRowCount == 1)
            #expect(try Fixtures.contactsRow(of: forgotten, on: connection) == [nil, nil, nil, nil, "true", "2"])
            // The same statement on a customer who was not forgotten goes through: the trigger is what stopped it.
            #expect(try connection.execute(update, [kept.description], context: "test").affectedRowCount == 1)
            #expect(try Fixtures.contactsRow(of: kept, on: connection)?.prefix(3) == ["Mallory", "mallory@example.org", "+4930999999"])

            // Removing the row and inserting one with details in it.
            try connection.execute("DELETE FROM customer_contacts WHERE customer_id = $1", [forgotten.description], context: "test")
            try connection.execute(
                """
                INSERT INTO customer_contacts (customer_id, name, email, phone, forgotten, version, registered_at, updated_at)
                VALUES ($1, 'Mallory', 'mallory@example.org', '+4930999999', false, 9, now(), now())
                """,
                [forgotten.description], context: "test"
            )
            #expect(try Fixtures.contactsRow(of: forgotten, on: connection) == [nil, nil, nil, nil, "true", "9"])

            // The store's own upsert of a newer view with details, as a catch-up racing the forget would write.
            let stale = ContactView(customerID: forgotten, contact: Fixtures.full, version: 10, registeredAt: Fixtures.now(), updatedAt: Fixtures.now())
            try ContactsTable.upsert([stale], on: connection, context: "test")
            #expect(try Fixtures.contactsRow(of: forgotten, on: connection) == [nil, nil, nil, nil, "true", "10"])
            #expect(try ContactsTable.view(of: forgotten, on: connection, context: "test")?.isForgotten == true)
        }
    }
}
