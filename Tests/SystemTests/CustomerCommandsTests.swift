import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

@Suite("orderctl customers", .serialized)
struct CustomerCommandsTests {
    typealias Scenario = CustomerScenario

    @Test("the customers fixture gives the expected results, exit 1, and submitting it again answers duplicate for every applied line")
    func customersFixture() throws {
        try TestDatabase.with { database in
            let first = try OrderctlProcess.run(["submit", "Fixtures/customers.jsonl", "--database-url", database.url])
            #expect(first.status == 1)
            try EndToEndTests.expectMatches(first.outputLines, expectedFile: "customers.expected.jsonl")
            #expect(first.standardError.contains("18 lines: 8 accepted, 1 duplicate, 4 rejected, 0 conflict, 5 invalid"), "\(first.standardError)")
            // The refused name's line break and what follows it (a mail header) come back nowhere.
            #expect(!first.standardOutput.contains("victim@example.com") && !first.standardError.contains("victim@example.com"))

            let second = try OrderctlProcess.run(["submit", "Fixtures/customers.jsonl", "--database-url", database.url])
            #expect(second.status == 1)
            let before = try Scenario.objects(first).map { $0["status"]?.stringValue }
            let after = try Scenario.objects(second).map { $0["status"]?.stringValue }
            #expect(after.count == before.count)
            for (line, (status, again)) in zip(before, after).enumerated() {
                let expected = status == "accepted" || status == "duplicate" ? "duplicate" : status
                #expect(again == expected, "line \(line + 1): \(String(describing: status)) then \(String(describing: again))")
            }
            let events = try database.connect().execute("SELECT count(*) FROM events", context: "counting").integer(row: 0, column: 0)
            #expect(events == 8, "nothing applied twice")
        }
    }

    @Test("query customer in JSON and text: the contact before forget, null with forgotten true after; a guest has contact null, forgotten false")
    func queryBeforeAndAfterForget() throws {
        try TestDatabase.with { database in
            try Scenario.submitFixture(to: database)

            let zoe = try Scenario.query(Scenario.zoe, on: database)
            #expect(zoe.keys == ["customerId", "contact", "forgotten", "orderCount", "totals", "orders"])
            #expect(zoe["customerId"] == .string(Scenario.zoe))
            #expect(zoe["contact"] == Scenario.contact(name: Scenario.zoeName, email: Scenario.zoeEmail, phone: Scenario.zoePhone, address: nil))
            #expect(zoe["forgotten"] == .bool(false))
            #expect(zoe["orderCount"] == .integer(0))
            let max = try Scenario.query(Scenario.max, on: database)
            #expect(max["contact"] == Scenario.contact(name: Scenario.maxName, email: Scenario.maxEmail, phone: nil, address: Scenario.maxAddress))
            #expect(max["orderCount"] == .integer(1))

            let guest = try Scenario.query(Scenario.guest, on: database)
            #expect(guest["contact"] == .null)
            #expect(guest["forgotten"] == .bool(false))
            #expect(guest["orderCount"] == .integer(1))
            #expect(guest["totals"] == ["EUR": "25.00"])
            let guestText = try OrderctlProcess.run(["query", "customer", Scenario.guest, "--format", "text", "--database-url", database.url])
            #expect(guestText.status == 0)
            #expect(guestText.standardOutput.contains("contact   none (a guest: never registered)"), "\(guestText.standardOutput)")

            let text = try OrderctlProcess.run(["query", "customer", Scenario.zoe, "--format", "text", "--database-url", database.url])
            #expect(text.status == 0, "\(text.standardError)")
            #expect(text.outputLines.first == "customer  \(Scenario.zoe)", "\(text.standardOutput)")
            #expect(text.outputLines.contains("name      \(Scenario.zoeName)"), "\(text.standardOutput)")
            #expect(text.outputLines.contains("email     \(Scenario.zoeEmail)"))
            #expect(text.outputLines.contains("phone     \(Scenario.zoePhone)"))
            let maxText = try OrderctlProcess.run(["query", "customer", Scenario.max, "--format", "text", "--database-url", database.url])
            #expect(maxText.outputLines.contains("address   \(Scenario.maxStreet), 10117 Berlin, DE"), "\(maxText.standardOutput)")
            #expect(!maxText.standardOutput.contains("phone"), "the cleared phone is not shown")

            // As of Max's registration, the log shows the phone and the first e-mail address.
            let registeredAt = try #require(try Scenario.column(
                "SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM events WHERE stream_id = $1 AND version = 1",
                [Scenario.max], on: try database.connect()
            ).first)
            let then = try OrderctlProcess.run(["query", "customer", Scenario.max, "--as-of", registeredAt, "--database-url", database.url])
            #expect(then.status == 0, "\(then.standardError)")
            #expect(try JSONParser.parse(then.standardOutput).objectValue?["contact"]
                == Scenario.contact(name: Scenario.maxName, email: Scenario.maxFirstEmail, phone: Scenario.maxPhone, address: Scenario.maxAddress))

            #expect(try Scenario.forget(Scenario.zoe, on: database).status == 0)
            let forgotten = try Scenario.query(Scenario.zoe, on: database)
            #expect(forgotten["contact"] == .null)
            #expect(forgotten["forgotten"] == .bool(true))
            #expect(forgotten.keys == zoe.keys)
            let forgottenText = try OrderctlProcess.run(["query", "customer", Scenario.zoe, "--format", "text", "--database-url", database.url])
            #expect(forgottenText.status == 0)
            #expect(forgottenText.standardOutput.contains("contact   forgotten (personal data erased)"), "\(forgottenText.standardOutput)")
            for secret in Scenario.zoeSecrets {
                #expect(!forgottenText.standardOutput.contains(secret))
            }
            let forgottenThen = try OrderctlProcess.run(["query", "customer", Scenario.zoe, "--as-of", "2999-01-01T00:00:00Z", "--database-url", database.url])
            #expect(forgottenThen.status == 0, "\(forgottenThen.standardError)")
            #expect(try JSONParser.parse(forgottenThen.standardOutput).objectValue?["contact"] == .null, "the log has nothing to open either")
            #expect(!Scenario.zoeSecrets.contains { forgottenThen.standardOutput.contains($0) })
            // The others are untouched.
            #expect(try Scenario.query(Scenario.max, on: database)["contact"] == max["contact"])

            let unknown = try OrderctlProcess.run(["query", "customer", Scenario.unknown, "--database-url", database.url])
            #expect(unknown.status == 1)
            #expect(unknown.standardError.contains("has neither a contact nor orders"))
        }
    }

    @Test("replay of a customer: the export's fields with the details opened, the contact as state; --to-version, --as-of, text; after forget null fields, forgotten true, state null")
    func replayCustomer() throws {
        try TestDatabase.with { database in
            try Scenario.submitFixture(to: database)
            let replayed = try OrderctlProcess.run(["replay", Scenario.max, "--database-url", database.url])
            #expect(replayed.status == 0, "\(replayed.standardError)")
            let steps = try Scenario.objects(replayed)
            try #require(steps.count == 3, "\(replayed.standardOutput)")
            #expect(steps.allSatisfy { $0.keys == ["position", "streamId", "version", "eventId", "type", "schemaVersion", "payload", "metadata", "occurredAt", "hash", "state"] })
            #expect(steps.map { $0["version"] } == [.integer(1), .integer(2), .integer(3)])
            #expect(steps.map { $0["type"] } == ["CustomerRegistered", "ContactInfoChanged", "ContactInfoChanged"])
            // Payloads opened (canonical: keys sorted), exactly the fields each event set or cleared.
            #expect(steps[0]["payload"] == [
                "address": ["city": "Berlin", "country": "DE", "postalCode": "10117", "street": .string(Scenario.maxStreet)],
                "email": .string(Scenario.maxFirstEmail), "name": .string(Scenario.maxName), "phone": .string(Scenario.maxPhone),
            ])
            #expect(steps[1]["payload"] == ["phone": .null])
            #expect(steps[2]["payload"] == ["email": .string(Scenario.maxEmail)])
            #expect(steps[0]["metadata"] == ["channel": "web", "commandId": "c5000000-0000-4000-8000-000000000002", "user": "web-shop"])
            #expect(steps.map { $0["state"] } == [
                Scenario.contact(name: Scenario.maxName, email: Scenario.maxFirstEmail, phone: Scenario.maxPhone, address: Scenario.maxAddress),
                Scenario.contact(name: Scenario.maxName, email: Scenario.maxFirstEmail, phone: nil, address: Scenario.maxAddress),
                Scenario.contact(name: Scenario.maxName, email: Scenario.maxEmail, phone: nil, address: Scenario.maxAddress),
            ])
            // Everything but the payload is the exported line's: the stored, sealed event and its link.
            let exported = try Scenario.objects(try OrderctlProcess.run(["export", "--database-url", database.url]))
                .filter { $0["streamId"] == .string(Scenario.max) }
            #expect(exported.count == 3)
            for (step, line) in zip(steps, exported) {
                var shown = step
                shown["payload"] = nil
                shown["state"] = nil
                var stored = line
                stored["payload"] = nil
                #expect(shown == stored)
                // A cleared field is stored as null; every value is stored sealed.
                let payload = try #require(step["payload"]?.objectValue)
                #expect(line["payload"]?.objectValue?.keys == payload.keys)
                for member in payload.members where member.value != .null {
                    #expect(line["payload"]?.objectValue?[member.key]?.stringValue?.hasPrefix("v1.") == true, "\(member.key) is not sealed: \(line)")
                }
            }

            let first = try OrderctlProcess.run(["replay", Scenario.max, "--to-version", "1", "--database-url", database.url])
            #expect(first.status == 0)
            #expect(first.outputLines == [replayed.outputLines[0]])
            let secondAt = try #require(steps[1]["occurredAt"]?.stringValue)
            let asOf = try OrderctlProcess.run(["replay", Scenario.max, "--as-of", secondAt, "--database-url", database.url])
            #expect(asOf.status == 0)
            #expect(asOf.outputLines == Array(replayed.outputLines.prefix(2)))
            let early = try OrderctlProcess.run(["replay", Scenario.max, "--as-of", "2000-01-01T00:00:00Z", "--database-url", database.url])
            #expect(early.status == 1)
            #expect(early.standardError.contains("had not been registered as of"), "\(early.standardError)")

            let timeline = try OrderctlProcess.run(["replay", Scenario.max, "--format", "text", "--database-url", database.url])
            #expect(timeline.status == 0)
            try #require(timeline.outputLines.count == 4, "\(timeline.standardOutput)")
            #expect(timeline.outputLines[0].hasPrefix("version"))
            #expect(timeline.outputLines[1].contains("CustomerRegistered") && timeline.outputLines[1].contains("name, email, phone, address"))
            #expect(timeline.outputLines[2].contains("phone cleared"))
            #expect(timeline.outputLines[3].contains("ContactInfoChanged") && timeline.outputLines[3].hasSuffix(Scenario.maxName))
            // A timeline names the fields that changed, never their values (the name column aside).
            #expect(![Scenario.maxFirstEmail, Scenario.maxEmail, Scenario.maxPhone, Scenario.maxStreet].contains { timeline.standardOutput.contains($0) })

            #expect(try Scenario.forget(Scenario.max, on: database).status == 0)
            let after = try OrderctlProcess.run(["replay", Scenario.max, "--database-url", database.url])
            #expect(after.status == 0, "\(after.standardError)")
            let forgotten = try Scenario.objects(after)
            try #require(forgotten.count == 3)
            for (before, now) in zip(steps, forgotten) {
                let payload = try #require(now["payload"]?.objectValue)
                #expect(payload["forgotten"] == .bool(true), "\(payload)")
                // The same fields, every one of them null.
                #expect(Set(payload.keys) == Set((before["payload"]?.objectValue?.keys ?? []) + ["forgotten"]))
                #expect(payload.members.allSatisfy { $0.key == "forgotten" || $0.value == .null }, "\(payload)")
                #expect(now["state"] == .null)
                #expect(now["hash"] == before["hash"] && now["eventId"] == before["eventId"], "the events themselves are unchanged")
            }
            for secret in Scenario.maxSecrets {
                #expect(!after.standardOutput.contains(secret))
            }
            let forgottenTimeline = try OrderctlProcess.run(["replay", Scenario.max, "--format", "text", "--database-url", database.url])
            #expect(forgottenTimeline.outputLines.dropFirst().allSatisfy { $0.contains("details forgotten") && $0.hasSuffix("—") }, "\(forgottenTimeline.standardOutput)")
            #expect(!forgottenTimeline.standardOutput.contains(Scenario.maxName))
        }
    }

    @Test("customer forget: forgotten, then already forgotten (both exit 0); an unknown id, a guest's or an order's id exit 1; a malformed id exits 2")
    func forgetStatuses() throws {
        try TestDatabase.with { database in
            try Scenario.submitFixture(to: database)
            let first = try Scenario.forget(Scenario.zoe, on: database)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(first.outputLines == [#"{"customerId":"\#(Scenario.zoe)","forgotten":true,"alreadyForgotten":false}"#])
            let again = try Scenario.forget(Scenario.zoe, on: database)
            #expect(again.status == 0, "\(again.standardError)")
            #expect(again.outputLines == [#"{"customerId":"\#(Scenario.zoe)","forgotten":true,"alreadyForgotten":true}"#])

            for (id, message) in [(Scenario.unknown, "not found"), (UUID().uuidString.lowercased(), "not found"), (Scenario.guest, "not found"), (Scenario.guestOrder, "is an order's stream")] {
                let refused = try Scenario.forget(id, on: database)
                #expect(refused.status == 1, "\(id): \(refused.standardError)")
                #expect(refused.standardOutput.isEmpty)
                #expect(refused.standardError.contains(message), "\(refused.standardError)")
            }
            for malformed in ["42", "not-a-uuid", "\(Scenario.zoe)x"] {
                let usage = try Scenario.forget(malformed, on: database)
                #expect(usage.status == 2, "\(malformed): \(usage.standardError)")
                #expect(usage.standardOutput.isEmpty)
            }
            // Only Zoë's stream is marked, the guest's order is still an order, and Max still has his key.
            let connection = try database.connect()
            #expect(try Scenario.column("SELECT stream_id::text FROM streams WHERE forgotten", on: connection) == [Scenario.zoe])
            #expect(try Scenario.column("SELECT customer_id::text FROM customer_keys", on: connection) == [Scenario.max])
            #expect(try Scenario.query(Scenario.max, on: database)["forgotten"] == .bool(false))

            // A forgotten customer cannot be changed, and the refusal says so in the unknown customer's code.
            let change = #"{"type":"ChangeContactInfo","customerId":"\#(Scenario.zoe)","commandId":"\#(UUID().uuidString.lowercased())","name":"Zoë Neu"}"#
            let refused = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data((change + "\n").utf8))
            #expect(refused.status == 1)
            #expect(try Scenario.objects(refused).first?["error"]?.objectValue?["code"] == "customer_not_found", "\(refused.standardOutput)")
            // Submitting the fixture again: Zoë's applied commands lost their fingerprints, yet still answer duplicate.
            let resubmitted = try OrderctlProcess.run(["submit", "Fixtures/customers.jsonl", "--database-url", database.url])
            let zoeLines = try Scenario.objects(resubmitted).filter { $0["customerId"] == .string(Scenario.zoe) && $0["status"] != "rejected" && $0["status"] != "invalid" }
            #expect(zoeLines.map { $0["status"] } == ["duplicate", "duplicate", "duplicate"], "\(resubmitted.standardOutput)")
        }
    }

    @Test("projections rebuild contacts gives back the customer_contacts table exactly, forgotten rows included, even after the table was damaged")
    func rebuildContacts() throws {
        try TestDatabase.with { database in
            try Scenario.submitFixture(to: database)
            #expect(try Scenario.forget(Scenario.max, on: database).status == 0)
            let owner = try database.connectAsOwner()
            let before = try Scenario.contactsTable(on: owner)
            try #require(before.count == 2, "\(before)")
            #expect(before.contains { $0.contains(Scenario.zoeName) })

            let rebuilt = try OrderctlProcess.run(["projections", "rebuild", "contacts", "--database-url", database.url])
            #expect(rebuilt.status == 0, "\(rebuilt.standardError)")
            #expect(rebuilt.outputLines.count == 1)
            let report = try #require(try Scenario.objects(rebuilt).first)
            #expect(report["name"] == "contacts")
            #expect(report["events"] == .integer(5), "\(rebuilt.standardOutput)")
            #expect(try Scenario.contactsTable(on: owner) == before)

            // A rebuild that only looked on would pass the check above: damage the table, rebuild again.
            try owner.execute("DELETE FROM customer_contacts WHERE customer_id = $1", [Scenario.zoe], context: "damaging the read model")
            try owner.execute("UPDATE customer_contacts SET version = 1, updated_at = registered_at WHERE customer_id = $1", [Scenario.max], context: "damaging the read model")
            #expect(try Scenario.contactsTable(on: owner) != before)
            let repaired = try OrderctlProcess.run(["projections", "rebuild", "contacts", "--database-url", database.url])
            #expect(repaired.status == 0, "\(repaired.standardError)")
            #expect(try Scenario.contactsTable(on: owner) == before)
            #expect(try Scenario.query(Scenario.zoe, on: database)["contact"] == Scenario.contact(name: Scenario.zoeName, email: Scenario.zoeEmail, phone: Scenario.zoePhone, address: nil))
        }
    }
}
