import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PersonalDataProtection
import PostgresClient
@testable import PostgresStore

/// Builders and raw readers shared by the customer store tests.
enum CustomerStoreFixtures {
    /// A name outside ASCII: combining-free accents, a ligature-free Polish Ł and a CJK given name.
    static let name = try! PersonName("Zoë Ångström-Łukasiewicz 佐藤")
    static let otherName = try! PersonName("Søren Kierkegaard")
    /// Given with an upper-case domain; stored with the domain lower-cased and the local part as given.
    static let email = try! EmailAddress("Zoe.Angstrom@Example.ORG")
    static let storedEmail = "Zoe.Angstrom@example.org"
    static let otherEmail = try! EmailAddress("soren@example.dk")
    static let phone = try! PhoneNumber("+4930123456")
    static let otherPhone = try! PhoneNumber("+4533123456")
    static let address = try! PostalAddress(street: "Straße des 17. Juni 135", city: "Berlin", postalCode: "10623", country: "DE")
    static let otherAddress = try! PostalAddress(street: "Nytorv 2", city: "København", postalCode: "1450", country: "DK")

    /// Every field filled in.
    static let full = ContactInfo(name: name, email: email, phone: phone, address: address)
    /// Only what a registration needs.
    static let minimal = ContactInfo(name: otherName, email: otherEmail)

    /// Every piece of plain text a customer's details consist of, as a search in stored rows looks for it.
    static func plaintexts(of contact: ContactInfo) -> [String] {
        var texts = [contact.name.value, contact.email.value, String(contact.email.localPart)]
        if let phone = contact.phone { texts += [phone.value, String(phone.value.dropFirst())] }
        if let address = contact.address { texts += [address.street, address.city] }
        return texts
    }

    static func now() -> Timestamp {
        Timestamp(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))
    }

    static func handler(on connection: DatabaseConnection, maximumAttempts: Int = CommandHandler.defaultMaximumAttempts) -> CustomerCommandHandler {
        CustomerCommandHandler(
            store: PostgresCustomerEventStore(connection: connection), clock: now, makeEventID: { EventID(UUID()) }, maximumAttempts: maximumAttempts
        )
    }

    static func envelope(
        _ command: CustomerCommand, for customer: CustomerID, id: CommandID = CommandID(UUID()), expectedVersion: Int? = nil
    ) -> CustomerCommandEnvelope {
        CustomerCommandEnvelope(commandID: id, customerID: customer, command: command, expectedVersion: expectedVersion, metadata: ["user": "tester"])
    }

    static func register(_ customer: CustomerID, _ contact: ContactInfo = full, id: CommandID = CommandID(UUID()), expectedVersion: Int? = nil) -> CustomerCommandEnvelope {
        envelope(.registerCustomer(contact), for: customer, id: id, expectedVersion: expectedVersion)
    }

    static func change(_ customer: CustomerID, _ change: ContactChange, id: CommandID = CommandID(UUID()), expectedVersion: Int? = nil) -> CustomerCommandEnvelope {
        envelope(.changeContactInfo(change), for: customer, id: id, expectedVersion: expectedVersion)
    }

    /// Every row of a query, each of its first `columns` columns as PostgreSQL prints it (nil for NULL).
    static func rows(_ sql: String, _ parameters: [String?] = [], columns: Int, on connection: DatabaseConnection) throws -> [[String?]] {
        let result = try connection.execute(sql, parameters, context: "reading rows for a test")
        return (0..<result.rowCount).map { row in
            (0..<columns).map { column in result.string(row: row, column: column) }
        }
    }

    /// The whole contacts read model in a stable order, every column as text.
    static func contactsTable(on connection: DatabaseConnection) throws -> [[String?]] {
        try rows(
            """
            SELECT customer_id::text, name, email, phone, address::text, forgotten::text, version::text, registered_at::text, updated_at::text
            FROM customer_contacts ORDER BY customer_id
            """,
            columns: 9, on: connection
        )
    }

    /// One customer's contacts row as text: name, email, phone, address, forgotten, version.
    static func contactsRow(of customer: CustomerID, on connection: DatabaseConnection) throws -> [String?]? {
        try rows(
            "SELECT name, email, phone, address::text, forgotten::text, version::text FROM customer_contacts WHERE customer_id = $1",
            [customer.description], columns: 6, on: connection
        ).first
    }

    /// A stream's events as stored, every column that the chain covers or that could hold personal data.
    static func storedEvents(of stream: UUID, on connection: DatabaseConnection) throws -> [[String?]] {
        try rows(
            """
            SELECT version::text, event_id::text, event_type, schema_version::text, payload::text, metadata::text, occurred_at::text,
                   encode(hash, 'hex'), global_position::text
            FROM events WHERE stream_id = $1 ORDER BY version
            """,
            [stream.uuidString.lowercased()], columns: 9, on: connection
        )
    }

    /// A single value a query answers.
    static func value(_ sql: String, _ parameters: [String?] = [], on connection: DatabaseConnection) throws -> String? {
        try connection.execute(sql, parameters, context: "reading a value for a test").string(row: 0, column: 0)
    }

    /// The customer's key as stored, nil when it has none.
    static func storedKey(of customer: CustomerID, on connection: DatabaseConnection) throws -> CustomerKey? {
        try CustomerStreamRow.read(customer, on: connection, context: "reading a key for a test")?.key
    }

    /// A connection string for `database` as the runtime role, also for a database `TestDatabase` left
    /// unmigrated (whose `url` is the owner's), once migration 004 has created the role.
    static func runtimeURL(of database: TestDatabase) -> String {
        let url = database.ownerURL
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), var components = URLComponents(string: url) {
            if components.user != nil {
                components.user = RuntimeRole.name
            } else {
                components.queryItems = (components.queryItems ?? []).filter { $0.name != "user" } + [URLQueryItem(name: "user", value: RuntimeRole.name)]
            }
            return components.string ?? url
        }
        return url + " user=" + RuntimeRole.name
    }
}

/// Lets a fixed number of threads start together: each waits until all have arrived. Used once.
final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0

    init(parties: Int) {
        self.parties = parties
    }

    func arriveAndWait() {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived >= parties {
            condition.broadcast()
        } else {
            while arrived < parties { condition.wait() }
        }
    }
}

/// Runs `body` on `count` threads of their own at once and returns when all have finished. Dedicated
/// threads, not `concurrentPerform`, which runs no more iterations at a time than there are cores: workers
/// that wait for each other at a ``Barrier`` would wait forever on a small machine.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = DispatchGroup()
    for index in 0..<count {
        startThread(in: finished) { body(index) }
    }
    finished.wait()
}

/// Starts `body` on a thread of its own, as a member of `group` until it returns.
func startThread(in group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    Thread {
        body()
        group.leave()
    }.start()
}

/// A value shared between threads, read and changed under a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value { lock.withLock { stored } }

    func mutate(_ change: (inout Value) -> Void) {
        lock.withLock { change(&stored) }
    }
}

extension CustomerCommandOutcome {
    /// The version of an accepted command, nil for any other outcome.
    var acceptedVersion: Int? {
        if case let .accepted(version, _) = self { version } else { nil }
    }
}

extension CommandOutcome {
    /// The version of an accepted command, nil for any other outcome.
    var acceptedVersion: Int? {
        if case let .accepted(version, _) = self { version } else { nil }
    }
}
