import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PersonalDataProtection
import PostgresClient
@testable import PostgresStore
import Testing

/// Exporting a store with customers and importing it into an empty one, with the keys of `export --keys`
/// and without them, at the store level.
@Suite("Import and export of customers", .serialized)
struct EventLogImportCustomersTests {
    typealias Fixtures = CustomerStoreFixtures

    /// A source store: a customer kept as registered, one changed, one forgotten, and an order.
    private struct Source {
        let kept: CustomerID
        let changed: CustomerID
        let forgotten: CustomerID
        let order: OrderID
    }

    private static func fill(_ connection: DatabaseConnection) throws -> Source {
        let handler = Fixtures.handler(on: connection)
        let source = Source(kept: CustomerID(UUID()), changed: CustomerID(UUID()), forgotten: CustomerID(UUID()), order: OrderID(UUID()))
        _ = try handler.handle(Fixtures.register(source.kept))
        _ = try handler.handle(Fixtures.register(source.changed, Fixtures.minimal))
        _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(source.order))
        _ = try handler.handle(Fixtures.change(source.changed, ContactChange(phone: .set(Fixtures.otherPhone), address: .set(Fixtures.otherAddress))))
        _ = try handler.handle(Fixtures.register(source.forgotten))
        _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.add(to: source.order))
        _ = try handler.handle(Fixtures.change(source.forgotten, ContactChange(name: Fixtures.otherName)))
        #expect(try PostgresCustomerEventStore(connection: connection).forget(source.forgotten) == .forgotten)
        return source
    }

    /// The log as `export` writes it, read back as `import` reads it: each line through its JSON text.
    private static func exportedFeed(from connection: DatabaseConnection) throws -> [FeedLine] {
        var lines: [FeedLine] = []
        try EventLogExport(connection: connection).export { line in
            var writer = JSONTextWriter()
            line.write(into: &writer)
            let parsed = FeedLine.parse(try JSONParser.parse(writer.output))
            guard case let .success(read) = parsed else {
                Issue.record("an exported \(line.event.type) line does not read back: \(parsed)")
                return
            }
            // Equal but for the order of members in payload and metadata, which the text writes canonically.
            #expect(read.json == line.json)
            #expect(EventChain.canonicalForm(of: read.event) == EventChain.canonicalForm(of: line.event))
            lines.append(read)
        }
        return lines
    }

    private static func keys(of connection: DatabaseConnection) throws -> [CustomerID: CustomerKey] {
        var keys: [CustomerID: CustomerKey] = [:]
        _ = try CustomerKeys.forEach(on: connection) { keys[$0] = $1 }
        return keys
    }

    /// Imports `lines` (numbered from 1) with `keys` as the owner, as `import` does.
    private static func importFeed(_ lines: [FeedLine], keys: [CustomerID: CustomerKey], into database: TestDatabase) throws -> ImportReport {
        var next = lines.makeIterator()
        var number = 0
        return try EventLogImport(connection: try database.connectAsOwner()).run(nextLine: {
            guard let line = next.next() else { return nil }
            number += 1
            return (number, .success(line))
        }, keys: keys)
    }

    private static func keyTexts(_ connection: DatabaseConnection) throws -> [[String?]] {
        try Fixtures.rows("SELECT customer_id::text, encode(key, 'hex') FROM customer_keys ORDER BY customer_id", columns: 2, on: connection)
    }

    @Test("imported with the exported keys: the same contacts, keys and heads, the chain intact, and the customers usable")
    func roundTripWithKeys() throws {
        try TestDatabase.with { sourceDatabase in
            let sourceConnection = try sourceDatabase.connect()
            let source = try Self.fill(sourceConnection)
            let feed = try Self.exportedFeed(from: sourceConnection)
            #expect(feed.count == 7)
            #expect(Set(feed.map(\.event.type)) == ["CustomerRegistered", "ContactInfoChanged", "OrderPlaced", "ItemAdded"])
            let contacts = try Fixtures.contactsTable(on: sourceConnection)
            let keyRows = try Self.keyTexts(sourceConnection)
            #expect(keyRows.map { $0[0] } == [source.kept, source.changed].map(\.description).sorted())

            // `export --keys` reads the keys after the log: a customer registered in between has a key and no events.
            let late = CustomerID(UUID())
            _ = try Fixtures.handler(on: sourceConnection).handle(Fixtures.register(late))
            var keys = try Self.keys(of: sourceConnection)
            #expect(Set(keys.keys) == [source.kept, source.changed, late])
            // A key under an order's id is no customer's either.
            keys[CustomerID(source.order.uuid)] = try CustomerKey.generate()

            try TestDatabase.with { target in
                let report = try Self.importFeed(feed, keys: keys, into: target)
                #expect(report == ImportReport(events: 7, streams: 4, keys: 2, keysLeftOut: 2, customersWithoutKey: 1))
                let connection = try target.connect()
                #expect(try Fixtures.contactsTable(on: connection) == contacts)
                #expect(try Self.keyTexts(connection) == keyRows)
                #expect(try Fixtures.rows("SELECT stream_id::text, kind, forgotten::text FROM streams ORDER BY stream_id", columns: 3, on: connection)
                    == [
                        [source.kept.description, "customer", "false"], [source.changed.description, "customer", "false"],
                        // No key came for the customer forgotten at the source: imported, it is marked forgotten again.
                        [source.forgotten.description, "customer", "true"], [source.order.description, "order", "false"],
                    ].sorted { $0[0]! < $1[0]! })

                let store = PostgresCustomerEventStore(connection: connection)
                let sourceStore = PostgresCustomerEventStore(connection: sourceConnection)
                for customer in [source.kept, source.changed, source.forgotten] {
                    let head = try store.customerHead(of: customer)
                    let sourceHead = try sourceStore.customerHead(of: customer)
                    #expect(head.state == sourceHead.state)
                    #expect(head.view == sourceHead.view)
                    #expect(head.hash == sourceHead.hash)
                }
                #expect(try store.customerHead(of: source.forgotten).state == .forgotten)
                #expect(try PostgresOrderEventStore(connection: connection).events(in: source.order)
                    == PostgresOrderEventStore(connection: sourceConnection).events(in: source.order))

                var breaks: [ChainBreak] = []
                let audit = try ChainAuditor(connection: connection).verify { breaks.append($0) }
                #expect(audit.streams == 4 && audit.events == 7 && audit.intact)
                #expect(breaks == [])

                // The imported keys open and seal: the customers go on where they were.
                let handler = Fixtures.handler(on: connection)
                #expect(try handler.handle(Fixtures.change(source.changed, ContactChange(address: .clear))).acceptedVersion == 3)
                #expect(try ContactsTable.view(of: source.changed, on: connection, context: "test")?.contact
                    == ContactInfo(name: Fixtures.otherName, email: Fixtures.otherEmail, phone: Fixtures.otherPhone))
                #expect(try handler.handle(Fixtures.register(source.forgotten)) == .rejected(.customerAlreadyExists))
                #expect(try handler.handle(Fixtures.change(source.forgotten, ContactChange(name: Fixtures.name))) == .rejected(.customerForgotten))
                #expect(try Fixtures.value("SELECT count(*) FROM customer_keys WHERE customer_id = $1", [late.description], on: connection) == "0")
            }
        }
    }

    @Test("imported without keys: every customer reads as forgotten, and none can be changed")
    func importWithoutKeys() throws {
        try TestDatabase.with { sourceDatabase in
            let sourceConnection = try sourceDatabase.connect()
            let source = try Self.fill(sourceConnection)
            let feed = try Self.exportedFeed(from: sourceConnection)
            let sourceContacts = try Fixtures.contactsTable(on: sourceConnection)

            try TestDatabase.with { target in
                #expect(try Self.importFeed(feed, keys: [:], into: target) == ImportReport(events: 7, streams: 4, keys: 0, keysLeftOut: 0, customersWithoutKey: 3))
                let connection = try target.connect()
                #expect(try Self.keyTexts(connection) == [])
                // The rows of the source with every detail gone and every row forgotten; versions and times kept.
                let contacts = try Fixtures.contactsTable(on: connection)
                #expect(contacts == sourceContacts.map { row in [row[0], nil, nil, nil, nil, "true", row[6], row[7], row[8]] })
                #expect(contacts.count == 3)

                let store = PostgresCustomerEventStore(connection: connection)
                let handler = Fixtures.handler(on: connection)
                for customer in [source.kept, source.changed] {
                    let head = try store.customerHead(of: customer)
                    #expect(head.state == .forgotten)
                    #expect(head.key == nil)
                    #expect(try ReadModelQueries(connection: connection).customer(customer)?.contact?.isForgotten == true)
                    #expect(try handler.handle(Fixtures.change(customer, ContactChange(name: Fixtures.name))) == .rejected(.customerForgotten))
                    #expect(try handler.handle(Fixtures.register(customer)) == .rejected(.customerAlreadyExists))
                    // Marked forgotten at import, so the triggers hold it and forgetting it again changes nothing.
                    #expect(try store.forget(customer) == .alreadyForgotten)
                }
                // The sealed events themselves came over whole: the chain verifies.
                var breaks: [ChainBreak] = []
                #expect(try ChainAuditor(connection: connection).verify { breaks.append($0) }.intact)
                #expect(breaks == [])
                #expect(try Fixtures.storedEvents(of: source.kept.uuid, on: connection).map { $0[4] }
                    == Fixtures.storedEvents(of: source.kept.uuid, on: sourceConnection).map { $0[4] })
            }
        }
    }

    @Test("a feed stream that mixes order and customer events is refused, and nothing is stored", arguments: [true, false])
    func mixedStreamRefused(customerEventInOrderStream: Bool) throws {
        try TestDatabase.with { sourceDatabase in
            let sourceConnection = try sourceDatabase.connect()
            let customer = CustomerID(UUID())
            let order = OrderID(UUID())
            _ = try Fixtures.handler(on: sourceConnection).handle(Fixtures.register(customer))
            _ = try StoreFixtures.handler(on: sourceConnection).handle(StoreFixtures.place(order))
            var feed = try Self.exportedFeed(from: sourceConnection)
            #expect(feed.count == 2)
            let keys = try Self.keys(of: sourceConnection)

            // A second event, chained correctly, of the other kind.
            let first = try #require(feed.first { $0.event.orderID == (customerEventInOrderStream ? order : OrderID(customer.uuid)) })
            let eventID = EventID(UUID())
            let encoded = customerEventInOrderStream
                ? try CustomerEventCodec.encode(.customerRegistered(Fixtures.full), eventID: eventID, sealedWith: try CustomerKey.generate())
                : EventCodec.encode(.orderPlaced(customer: customer, currency: .eur))
            let intruder = ChainedEvent(
                orderID: first.event.orderID, version: 2, eventID: eventID, type: encoded.type, schemaVersion: encoded.schemaVersion,
                payload: encoded.payload, metadata: ["commandId": .string(UUID().uuidString.lowercased())],
                occurredAt: Timestamp(microsecondsSinceEpoch: first.event.occurredAt.microsecondsSinceEpoch + 1)
            )
            feed.append(FeedLine(position: 3, event: intruder, hash: EventChain.link(of: intruder, after: first.hash)))

            try TestDatabase.with { target in
                do {
                    let report = try Self.importFeed(feed, keys: keys, into: target)
                    Issue.record("a mixed stream was imported: \(report)")
                } catch let refusal as ImportRefusal {
                    guard case let .badLine(number, reason) = refusal else {
                        Issue.record("refused for another reason: \(refusal)")
                        return
                    }
                    #expect(number == 3)
                    let expected = customerEventInOrderStream ? "customer event follows order events" : "order event follows customer events"
                    #expect(reason.contains(expected), "\(reason)")
                }
                let connection = try target.connect()
                #expect(try Fixtures.value("SELECT count(*) FROM events", on: connection) == "0")
                #expect(try Fixtures.value("SELECT count(*) FROM streams", on: connection) == "0")
                #expect(try Fixtures.value("SELECT count(*) FROM customer_keys", on: connection) == "0")
                #expect(try Fixtures.value("SELECT count(*) FROM customer_contacts", on: connection) == "0")
            }
        }
    }
}
