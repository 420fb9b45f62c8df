import DatabaseTestSupport
import Foundation
import JSONCoding
import PostgresClient
import SeededRandomness
import Testing

@Suite("Customer erasure", .serialized)
struct CustomerErasureTests {
    typealias Scenario = CustomerScenario

    @Test("pg_dump holds a customer's details only in customer_contacts before forget, and nowhere after; the chains still verify and the id cannot be registered again")
    func dumpBeforeAndAfterForget() throws {
        try TestDatabase.with { database in
            try Scenario.submitFixture(to: database)
            let before = try Scenario.pgDump(database)
            let contacts = Scenario.copyBlock(of: "customer_contacts", in: before)
            let maxRow = try #require(contacts.first { $0.hasPrefix(Scenario.max) }, "\(contacts)")
            for current in [Scenario.maxName, Scenario.maxEmail, Scenario.maxStreet] {
                #expect(maxRow.contains(current), "\(current) is not in Max's contacts row: \(maxRow)")
                // Only there: the events hold it sealed, the command records a digest of it.
                #expect(before.components(separatedBy: current).count == 2, "\(current) appears outside the contacts row")
            }
            // Replaced or cleared details live on only in the sealed events.
            #expect(!before.contains(Scenario.maxFirstEmail))
            #expect(!before.contains(Scenario.maxPhone))
            #expect(before.contains(Scenario.zoeName))

            let forgotten = try Scenario.forget(Scenario.max, on: database)
            #expect(forgotten.status == 0, "\(forgotten.standardError)")
            let after = try Scenario.pgDump(database)
            for secret in Scenario.maxSecrets {
                #expect(!after.contains(secret), "\(secret) is still in the dump")
            }
            #expect(after.contains(Scenario.zoeName), "the other customer's row is still there, so the dump did read the table")
            let maxRowAfter = try #require(Scenario.copyBlock(of: "customer_contacts", in: after).first { $0.hasPrefix(Scenario.max) })
            #expect(maxRowAfter.split(separator: "\t").dropFirst().prefix(5) == ["\\N", "\\N", "\\N", "\\N", "t"], "\(maxRowAfter)")
            #expect(Scenario.copyBlock(of: "customer_keys", in: after).allSatisfy { !$0.hasPrefix(Scenario.max) })

            let audit = try OrderctlProcess.run(["audit", "verify", "--database-url", database.url])
            #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
            #expect(try JSONParser.parse(audit.outputLines.last ?? "").objectValue?["intact"] == .bool(true))

            let again = #"{"type":"RegisterCustomer","customerId":"\#(Scenario.max)","commandId":"\#(UUID().uuidString.lowercased())","name":"\#(Scenario.maxName)","email":"\#(Scenario.maxEmail)","address":{"street":"\#(Scenario.maxStreet)","city":"Berlin","postalCode":"10117","country":"DE"}}"#
            let refused = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data((again + "\n").utf8))
            #expect(refused.status == 1)
            #expect(try Scenario.objects(refused).first?["error"]?.objectValue?["code"] == "customer_already_exists", "\(refused.standardOutput)")
            let owner = try database.connectAsOwner()
            #expect(try Scenario.column("SELECT count(*) FROM customer_keys WHERE customer_id = $1", [Scenario.max], on: owner) == ["0"])
            let afterRefusal = try Scenario.pgDump(database)
            #expect(!Scenario.maxSecrets.contains { afterRefusal.contains($0) }, "the refused registration left its details somewhere")
        }
    }

    /// Each customer's erasure state, as the owner sees it: "forgotten" when the key is gone, the contacts
    /// row cleared, every fingerprint NULL and the stream marked; "intact" when the key, the row with its
    /// details and the fingerprints are all there; anything else names the mix.
    static func erasureStates(on owner: DatabaseConnection) throws -> [String: String] {
        let result = try owner.execute(
            """
            SELECT s.stream_id::text,
                   CASE
                   WHEN k.customer_id IS NULL AND s.forgotten AND c.forgotten
                        AND c.name IS NULL AND c.email IS NULL AND c.phone IS NULL AND c.address IS NULL
                        AND NOT EXISTS (SELECT FROM commands m WHERE m.stream_id = s.stream_id AND m.fingerprint IS NOT NULL)
                   THEN 'forgotten'
                   WHEN k.customer_id IS NOT NULL AND NOT s.forgotten AND NOT c.forgotten
                        AND c.name = 'Kunde ' || c.email_number AND c.phone IS NOT NULL AND c.address ->> 'street' = 'Hauptstraße ' || c.email_number
                        AND NOT EXISTS (SELECT FROM commands m WHERE m.stream_id = s.stream_id AND m.fingerprint IS NULL)
                   THEN 'intact'
                   ELSE format('mixed: key %s, stream forgotten %s, row %s, fingerprints %s', k.customer_id IS NOT NULL, s.forgotten,
                               row(c.name, c.email, c.phone, c.address, c.forgotten),
                               (SELECT array_agg(m.fingerprint IS NULL) FROM commands m WHERE m.stream_id = s.stream_id))
                   END
            FROM streams s
            LEFT JOIN customer_keys k ON k.customer_id = s.stream_id
            LEFT JOIN (SELECT *, substring(email FROM '^kunde([0-9]+)@') AS email_number FROM customer_contacts) c ON c.customer_id = s.stream_id
            WHERE s.kind = 'customer'
            """,
            context: "reading the erasure state"
        )
        var states: [String: String] = [:]
        for row in 0..<result.rowCount {
            states[result.string(row: row, column: 0) ?? "?"] = result.string(row: row, column: 1) ?? "NULL"
        }
        return states
    }

    @Test("kill -9 of customer forget, at random moments and while its transaction waits on a lock: every customer is wholly forgotten or wholly intact, never a mix")
    func killedForget() throws {
        try TestDatabase.with { database in
            let count = 200
            let customers = (0..<count).map { _ in UUID().uuidString.lowercased() }
            let registrations = customers.enumerated().map { index, customer in
                #"{"type":"RegisterCustomer","customerId":"\#(customer)","commandId":"\#(UUID().uuidString.lowercased())","name":"Kunde \#(index)","email":"kunde\#(index)@example.com","phone":"+4930555\#(String(format: "%04d", index))","address":{"street":"Hauptstraße \#(index)","city":"Köln","postalCode":"50667","country":"DE"}}"#
            }
            let registered = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data((registrations.joined(separator: "\n") + "\n").utf8))
            try #require(registered.status == 0, "\(registered.standardError)")
            let owner = try database.connectAsOwner()
            try #require(Set(try Self.erasureStates(on: owner).values) == ["intact"])

            // 1. While the forget's transaction waits: another session holds the customers' command records,
            // which forget_customer updates last, after marking the stream, destroying the key and clearing
            // the row. The clients are killed while their backends wait there; a backend that notices its
            // client gone (client_connection_check_interval) rolls back, one that does not commits the whole.
            let held = Array(customers.suffix(10))
            let holder = try database.connectAsOwner()
            try holder.execute("BEGIN", context: "holding the command records")
            try holder.execute("SELECT command_id FROM commands WHERE stream_id = ANY($1::uuid[]) FOR UPDATE",
                               ["{" + held.joined(separator: ",") + "}"], context: "holding the command records")
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "DATABASE_URL")
            environment["PGOPTIONS"] = "-c client_connection_check_interval=50"
            let waiting = try held.map { try OrderctlProcess.launch(["customer", "forget", $0, "--database-url", database.url], environment: environment) }
            func blockedForgets() throws -> Int {
                Int(try owner.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%forget_customer%' AND wait_event_type = 'Lock'",
                    context: "watching the forgets"
                ).integer(row: 0, column: 0) ?? -1)
            }
            let deadline = Date().addingTimeInterval(30)
            while try blockedForgets() < held.count, Date() < deadline, waiting.allSatisfy(\.process.isRunning) { usleep(10_000) }
            try #require(try blockedForgets() == held.count, "the forgets never all waited on the held rows")
            #expect(try Self.erasureStates(on: owner).filter { held.contains($0.key) }.values.allSatisfy { $0 == "intact" },
                    "a waiting forget's changes are not visible to others")
            for running in waiting {
                kill(running.process.processIdentifier, SIGKILL)
                let outcome = try running.finish(arguments: ["customer", "forget"])
                #expect(outcome.standardOutput.isEmpty, "killed before it could answer: \(outcome.standardOutput)")
            }
            let noticed = Date().addingTimeInterval(5)
            while try blockedForgets() > 0, Date() < noticed { usleep(10_000) }
            let rolledBack = try blockedForgets() == 0
            try holder.execute("ROLLBACK", context: "releasing the command records")
            if rolledBack {
                #expect(try Self.erasureStates(on: owner).filter { held.contains($0.key) }.values.allSatisfy { $0 == "intact" },
                        "a forget killed in the middle of its transaction left something behind")
            }

            // 2. At random moments, like FaultTests' kills of submit: eight forgets run to the end and time one
            // run; then each of the next 96 is killed somewhere within that time after it started. The other
            // customers are never touched.
            var acknowledged: Set<String> = []
            let timed = ContinuousClock.now
            for customer in customers[0..<8] {
                let outcome = try Scenario.forget(customer, on: database)
                #expect(outcome.outputLines == [#"{"customerId":"\#(customer)","forgotten":true,"alreadyForgotten":false}"#], "\(outcome.standardError)")
                acknowledged.insert(customer)
            }
            var window = UInt64(max((ContinuousClock.now - timed) / 8, .milliseconds(10)) / .microseconds(1))
            var random = SplitMix64(seed: 6_006)
            var killedWhileRunning = 0
            let targets = customers[8..<104]
            for customer in targets {
                let running = try OrderctlProcess.launch(["customer", "forget", customer, "--database-url", database.url])
                usleep(UInt32(random.next() % window))
                if running.process.isRunning {
                    killedWhileRunning += 1
                } else {
                    // The machine is quicker now than when the window was timed (other tests come and go):
                    // narrow it, so that the kills keep landing while forget runs.
                    window = max(window * 2 / 3, 1_000)
                }
                kill(running.process.processIdentifier, SIGKILL)
                let outcome = try running.finish(arguments: ["customer", "forget"])
                // A complete answer means the forget committed; a cut one is no answer.
                if let answer = try? JSONParser.parse(outcome.outputLines.first ?? "").objectValue, answer["forgotten"] == .bool(true) {
                    #expect(answer["customerId"] == .string(customer))
                    acknowledged.insert(customer)
                }
            }
            #expect(killedWhileRunning >= targets.count / 2, "only \(killedWhileRunning) of \(targets.count) kills landed while forget ran")

            let states = try Self.erasureStates(on: owner)
            #expect(states.count == count)
            let mixed = states.filter { $0.value != "forgotten" && $0.value != "intact" }
            #expect(mixed.isEmpty, "half-forgotten customers: \(mixed.prefix(3))")
            let lost = acknowledged.filter { states[$0] != "forgotten" }
            #expect(lost.isEmpty, "answered forgotten, but not: \(lost.prefix(3))")
            #expect(customers[104...].allSatisfy { states[$0] == "intact" || held.contains($0) }, "a customer nobody forgot lost something")
            let killedForgotten = targets.count { states[$0] == "forgotten" }
            #expect(killedForgotten > 0 && killedForgotten < targets.count, "the kills all landed before or all after the forgets: \(killedForgotten) of \(targets.count)")

            // Forgetting again finishes the job, whatever a kill left, and says whether it was already done.
            let sample = Array(targets.filter { states[$0] == "forgotten" }.prefix(6)) + Array(targets.filter { states[$0] == "intact" }.prefix(6)) + held.prefix(2)
            for customer in sample {
                let outcome = try Scenario.forget(customer, on: database)
                #expect(outcome.status == 0, "\(customer): \(outcome.standardError)")
                #expect(outcome.outputLines == [#"{"customerId":"\#(customer)","forgotten":true,"alreadyForgotten":\#(states[customer] == "forgotten")}"#])
            }
            let finished = try Self.erasureStates(on: owner)
            #expect(sample.allSatisfy { finished[$0] == "forgotten" })
            #expect(try OrderctlProcess.run(["audit", "verify", "--database-url", database.url]).status == 0)
        }
    }
}
