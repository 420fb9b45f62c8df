import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import OrderService
import PersonalDataProtection
import PostgresClient
import ReadModelTestSupport
@testable import PostgresStore
import Testing

/// What `PostgresCustomerEventStore` writes: events whose personal fields are sealed under the customer's
/// key, chained like every other stream, and a command record that holds nothing readable.
@Suite("Customer store sealing on PostgreSQL", .serialized)
struct PostgresCustomerEventStoreTests {
    typealias Fixtures = CustomerStoreFixtures

    static let movedAway = ContactInfo(name: Fixtures.otherName, email: Fixtures.otherEmail, phone: Fixtures.otherPhone, address: Fixtures.otherAddress)

    /// How many rows of `table` (restricted by `condition` on `$1`) hold `text` anywhere in their text form.
    private static func rowsHolding(_ text: String, in table: String, where condition: String, _ value: String, on connection: DatabaseConnection) throws -> Int {
        Int(try Fixtures.value("SELECT count(*) FROM \(table) t WHERE \(condition) AND strpos(t::text, $2) > 0", [value, text], on: connection) ?? "") ?? -1
    }

    @Test("stored customer events hold no plaintext: every personal field is a sealed string that only the customer's key opens")
    func payloadsAreSealed() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = Fixtures.handler(on: connection)
            let customer = CustomerID(UUID())
            _ = try handler.handle(Fixtures.register(customer))
            let everything = ContactChange(
                name: Self.movedAway.name, email: Self.movedAway.email, phone: .set(Fixtures.otherPhone), address: .set(Fixtures.otherAddress)
            )
            #expect(try handler.handle(Fixtures.change(customer, everything)).acceptedVersion == 2)

            let id = customer.description
            let texts = Fixtures.plaintexts(of: Fixtures.full) + Fixtures.plaintexts(of: Self.movedAway)
            #expect(texts.count == 14)
            for text in texts {
                #expect(try Self.rowsHolding(text, in: "events", where: "t.stream_id = $1::uuid", id, on: connection) == 0, "events hold \(text)")
                #expect(try Self.rowsHolding(text, in: "commands", where: "t.stream_id = $1::uuid", id, on: connection) == 0, "commands hold \(text)")
                #expect(try Self.rowsHolding(text, in: "streams", where: "t.stream_id = $1::uuid", id, on: connection) == 0, "streams hold \(text)")
            }
            // The same search finds the details where they belong in the clear: the contacts read model.
            for text in Fixtures.plaintexts(of: Self.movedAway) {
                #expect(try Self.rowsHolding(text, in: "customer_contacts", where: "t.customer_id = $1::uuid", id, on: connection) == 1, "contacts lack \(text)")
            }

            let lines = try CustomerHistory.lines(of: customer, on: connection, context: "test")
            #expect(lines.map(\.event.type) == ["CustomerRegistered", "ContactInfoChanged"])
            for line in lines {
                #expect(Set(line.event.payload.keys) == ["name", "email", "phone", "address"])
                for member in line.event.payload.members {
                    let text = try #require(member.value.stringValue, "\(member.key) is not a string")
                    #expect(text.hasPrefix("v1."), "\(member.key)")
                    #expect(throws: Never.self) { try SealedField(text: text) }
                }
            }
            // Only this customer's key opens them; another key does not.
            let key = try #require(try Fixtures.storedKey(of: customer, on: connection))
            #expect(key.bytes.count == 32)
            #expect(try CustomerEventCodec.decode(lines[0].event.encoded, eventID: lines[0].event.eventID, key: key) == .customerRegistered(Fixtures.full))
            #expect(throws: EventDecodingError.self) {
                try CustomerEventCodec.decode(lines[0].event.encoded, eventID: lines[0].event.eventID, key: try CustomerKey.generate())
            }
            // The stored fingerprint is a digest, the same one the handler computes.
            let fingerprints = try Fixtures.rows(
                "SELECT encode(fingerprint, 'hex') FROM commands WHERE stream_id = $1 ORDER BY result_version", [id], columns: 1, on: connection
            )
            #expect(fingerprints.count == 2)
            #expect(fingerprints.allSatisfy { $0[0]?.count == 64 })
        }
    }

    @Test("every customer stream verifies in the hash chain audit, before and after it is forgotten")
    func chainVerifiesAroundForget() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = Fixtures.handler(on: connection)
            let forgotten = CustomerID(UUID())
            let kept = CustomerID(UUID())
            _ = try handler.handle(Fixtures.register(forgotten))
            _ = try handler.handle(Fixtures.change(forgotten, ContactChange(phone: .clear)))
            _ = try handler.handle(Fixtures.change(forgotten, ContactChange(name: Fixtures.otherName)))
            _ = try handler.handle(Fixtures.register(kept, Fixtures.minimal))
            let order = OrderID(UUID())
            _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(order))
            _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.add(to: order))

            func audit(only stream: UUID? = nil) throws -> (ChainAuditReport, [ChainBreak]) {
                var breaks: [ChainBreak] = []
                let report = try ChainAuditor(connection: connection).verify(only: stream.map(OrderID.init)) { breaks.append($0) }
                return (report, breaks)
            }
            let (before, breaksBefore) = try audit()
            #expect(before.streams == 3)
            #expect(before.events == 3 + 1 + 2)
            #expect(before.intact)
            #expect(breaksBefore == [])
            let storedBefore = try Fixtures.storedEvents(of: forgotten.uuid, on: connection)

            #expect(try PostgresCustomerEventStore(connection: connection).forget(forgotten) == .forgotten)

            let (after, breaksAfter) = try audit()
            #expect(after == before)
            #expect(breaksAfter == [])
            let (one, oneBreaks) = try audit(only: forgotten.uuid)
            #expect(one.streams == 1 && one.events == 3 && one.intact)
            #expect(oneBreaks == [])
            #expect(try Fixtures.storedEvents(of: forgotten.uuid, on: connection) == storedBefore)

            // The audit is not blind to customer streams: a changed sealed field breaks the chain there.
            let owner = try database.connectAsOwner()
            try Tampering.rewrite(
                ["UPDATE events SET payload = jsonb_set(payload, '{name}', to_jsonb('v1.' || md5('x'))) WHERE stream_id = '\(forgotten)' AND version = 3"],
                on: owner
            )
            let (tampered, found) = try audit()
            #expect(tampered.brokenStreams == 1)
            #expect(found.map(\.orderID) == [OrderID(forgotten.uuid)])
            #expect(found.map(\.version) == [3])
            #expect(found.map(\.kind) == [.changed])
        }
    }
}
