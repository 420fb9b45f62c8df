import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

@Suite("Customer keys through export and import", .serialized)
struct CustomerKeyExportTests {
    typealias Scenario = CustomerScenario

    /// The source store: the fixture, with Max forgotten, so one customer has a key and one does not.
    static func withSource<Result>(_ body: (TestDatabase, _ keys: [String: String]) throws -> Result) throws -> Result {
        try TestDatabase.with { source in
            try Scenario.submitFixture(to: source)
            try #require(try Scenario.forget(Scenario.max, on: source).status == 0)
            let owner = try source.connectAsOwner()
            let result = try owner.execute("SELECT customer_id::text, encode(key, 'hex') FROM customer_keys", context: "reading the keys")
            var keys: [String: String] = [:]
            for row in 0..<result.rowCount { keys[result.string(row: row, column: 0) ?? ""] = result.string(row: row, column: 1) }
            try #require(Set(keys.keys) == [Scenario.zoe])
            return try body(source, keys)
        }
    }

    @Test("export never writes personal data or keys; --keys writes a 0600 file with the header and one line per customer not forgotten")
    func exportKeys() throws {
        try Self.withSource { source, keys in
            let plain = try OrderctlProcess.run(["export", "--database-url", source.url])
            #expect(plain.status == 0, "\(plain.standardError)")
            #expect(plain.outputLines.count == 8)
            for secret in Scenario.zoeSecrets + Scenario.maxSecrets + Array(keys.values) + ["Zoë", "Ångström", "Weber", "Berlin"] {
                #expect(!plain.standardOutput.contains(secret), "the export shows \(secret)")
                #expect(!plain.standardError.contains(secret))
            }
            #expect(plain.standardOutput.contains("CustomerRegistered"), "the customers' events are in the export, sealed")

            try Scenario.withTemporaryFolder { folder in
                let keyFile = folder.appendingPathComponent("keys.jsonl")
                let withKeys = try OrderctlProcess.run(["export", "--keys", keyFile.path, "--database-url", source.url])
                #expect(withKeys.status == 0, "\(withKeys.standardError)")
                #expect(withKeys.standardOutput == plain.standardOutput, "the feed is the same with --keys: the keys go to their file only")
                #expect(!keys.values.contains { withKeys.standardOutput.contains($0) || withKeys.standardError.contains($0) })
                #expect(withKeys.standardError.contains("1 customer keys written to \(keyFile.path) (mode 0600)"), "\(withKeys.standardError)")
                let mode = try #require(try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int)
                #expect(mode == 0o600, "mode \(String(mode, radix: 8))")

                let lines = try String(contentsOf: keyFile, encoding: .utf8).split(separator: "\n").map { try #require(try JSONParser.parse(String($0)).objectValue) }
                try #require(lines.count == 2, "a header and Zoë's key, none for forgotten Max: \(lines)")
                #expect(lines[0].keys == ["format", "notice"])
                #expect(lines[0]["format"] == "orderctl customer keys v1")
                #expect(lines[0]["notice"]?.stringValue?.contains("Secret") == true)
                #expect(lines[1] == ["customerId": .string(Scenario.zoe), "key": .string(keys[Scenario.zoe] ?? "")])

                // A file already there, readable by everyone and longer: made private, then replaced whole.
                let existing = folder.appendingPathComponent("existing.jsonl")
                try Data(String(repeating: "stale line\n", count: 100).utf8).write(to: existing)
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: existing.path)
                let over = try OrderctlProcess.run(["export", "--keys", existing.path, "--database-url", source.url])
                #expect(over.status == 0, "\(over.standardError)")
                #expect(try FileManager.default.attributesOfItem(atPath: existing.path)[.posixPermissions] as? Int == 0o600)
                #expect(try Data(contentsOf: existing) == Data(contentsOf: keyFile))
            }
        }
    }

    @Test("import --keys into a fresh store shows the contacts again; without --keys every customer reads as forgotten; the chains verify both times")
    func importWithAndWithoutKeys() throws {
        try Self.withSource { source, _ in
            try Scenario.withTemporaryFolder { folder in
                let feed = folder.appendingPathComponent("feed.jsonl"), keyFile = folder.appendingPathComponent("keys.jsonl")
                let exported = try OrderctlProcess.run(["export", "--keys", keyFile.path, "--database-url", source.url])
                try #require(exported.status == 0, "\(exported.standardError)")
                try Data(exported.standardOutput.utf8).write(to: feed)
                let queries = [Scenario.zoe, Scenario.max, Scenario.guest].map { customer in
                    ["query", "customer", customer]
                }

                try TestDatabase.with { target in
                    let imported = try OrderctlProcess.run(["import", feed.path, "--keys", keyFile.path, "--database-url", target.ownerURL])
                    #expect(imported.status == 0, "\(imported.standardError)")
                    #expect(imported.outputLines == [#"{"events":8,"streams":4,"keys":1}"#])
                    let zoe = try Scenario.query(Scenario.zoe, on: target)
                    #expect(zoe["contact"] == Scenario.contact(name: Scenario.zoeName, email: Scenario.zoeEmail, phone: Scenario.zoePhone, address: nil))
                    #expect(zoe["forgotten"] == .bool(false))
                    // Every customer answers as in the source: Zoë's contact, forgotten Max, the guest.
                    for query in queries {
                        let there = try OrderctlProcess.run(query + ["--database-url", source.url])
                        let here = try OrderctlProcess.run(query + ["--database-url", target.url])
                        #expect(here.status == 0)
                        #expect(here.standardOutput == there.standardOutput, "\(query)")
                    }
                    let replayed = try OrderctlProcess.run(["replay", Scenario.zoe, "--database-url", target.url])
                    #expect(replayed.standardOutput == (try OrderctlProcess.run(["replay", Scenario.zoe, "--database-url", source.url])).standardOutput)
                    let audit = try OrderctlProcess.run(["audit", "verify", "--database-url", target.url])
                    #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
                    #expect(try OrderctlProcess.run(["export", "--database-url", target.url]).standardOutput == exported.standardOutput)
                }

                try TestDatabase.with { target in
                    let imported = try OrderctlProcess.run(["import", feed.path, "--database-url", target.ownerURL])
                    #expect(imported.status == 0, "\(imported.standardError)")
                    #expect(imported.outputLines == [#"{"events":8,"streams":4}"#])
                    for customer in [Scenario.zoe, Scenario.max] {
                        let view = try Scenario.query(customer, on: target)
                        #expect(view["contact"] == .null, "\(customer)")
                        #expect(view["forgotten"] == .bool(true), "\(customer)")
                    }
                    #expect(try Scenario.query(Scenario.guest, on: target)["forgotten"] == .bool(false))
                    let replayed = try Scenario.objects(try OrderctlProcess.run(["replay", Scenario.zoe, "--database-url", target.url]))
                    #expect(replayed.count == 2)
                    #expect(replayed.allSatisfy { $0["state"] == .null && $0["payload"]?.objectValue?["forgotten"] == .bool(true) })
                    let audit = try OrderctlProcess.run(["audit", "verify", "--database-url", target.url])
                    #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
                    let dump = try Scenario.pgDump(target)
                    #expect(!(Scenario.zoeSecrets + Scenario.maxSecrets).contains { dump.contains($0) })
                }
            }
        }
    }

    @Test("a tampered key file, or a file that is not one, stops the import with exit 2 before anything is stored")
    func tamperedKeyFiles() throws {
        try Self.withSource { source, keys in
            try Scenario.withTemporaryFolder { folder in
                let feed = folder.appendingPathComponent("feed.jsonl"), keyFile = folder.appendingPathComponent("keys.jsonl")
                let exported = try OrderctlProcess.run(["export", "--keys", keyFile.path, "--database-url", source.url])
                try #require(exported.status == 0)
                try Data(exported.standardOutput.utf8).write(to: feed)
                let good = try String(contentsOf: keyFile, encoding: .utf8)
                let key = try #require(keys[Scenario.zoe])
                let header = try #require(good.split(separator: "\n").first.map(String.init))
                let broken: [(String, String)] = [
                    ("a key that is not hexadecimal", good.replacingOccurrences(of: key, with: "zz" + key.dropFirst(2))),
                    ("a key one digit short", good.replacingOccurrences(of: key, with: String(key.dropLast()))),
                    ("a customer id that is not a UUID", good.replacingOccurrences(of: Scenario.zoe, with: "zoe")),
                    ("an extra member", good.replacingOccurrences(of: #""key":"#, with: #""note":"x","key":"#)),
                    ("the same customer twice", good + good.split(separator: "\n")[1] + "\n"),
                    ("no header", String(good.split(separator: "\n")[1]) + "\n"),
                    ("an empty file", ""),
                    ("the feed instead of the keys", exported.standardOutput),
                    ("another format", header.replacingOccurrences(of: "keys v1", with: "keys v2") + "\n" + good.split(separator: "\n")[1] + "\n"),
                ]
                try TestDatabase.with { target in
                    let connection = try target.connectAsOwner()
                    for (what, text) in broken {
                        let tampered = folder.appendingPathComponent("tampered.jsonl")
                        try Data(text.utf8).write(to: tampered)
                        let outcome = try OrderctlProcess.run(["import", feed.path, "--keys", tampered.path, "--database-url", target.ownerURL])
                        #expect(outcome.status == 2, "\(what): \(outcome.standardError)")
                        #expect(outcome.standardOutput.isEmpty, "\(what)")
                        #expect(outcome.standardError.contains("nothing was imported"), "\(what): \(outcome.standardError)")
                        #expect(!outcome.standardError.contains(key.dropFirst(2)), "\(what): the message repeats the key")
                        let stored = try Scenario.column("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM customer_keys) + (SELECT count(*) FROM streams)", on: connection)
                        #expect(stored == ["0"], "\(what): something was stored")
                    }
                    // A well-formed key that is not the customer's: the file reads, the key does not open the
                    // customer's events, and the import is refused whole (exit 1), naming neither key nor detail.
                    let otherKey = String(key.reversed())
                    let wrong = folder.appendingPathComponent("wrong-key.jsonl")
                    try Data(good.replacingOccurrences(of: key, with: otherKey).utf8).write(to: wrong)
                    let refused = try OrderctlProcess.run(["import", feed.path, "--keys", wrong.path, "--database-url", target.ownerURL])
                    #expect(refused.status == 1, "\(refused.standardError)")
                    #expect(refused.standardError.contains("does not open its customer's events"), "\(refused.standardError)")
                    #expect(!refused.standardError.contains(otherKey) && !refused.standardError.contains(key), "the message repeats a key")
                    let stored = try Scenario.column("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM customer_keys)", on: connection)
                    #expect(stored == ["0"], "a refused import stored something")
                    // The untampered file still imports into the same, still empty, store.
                    let imported = try OrderctlProcess.run(["import", feed.path, "--keys", keyFile.path, "--database-url", target.ownerURL])
                    #expect(imported.status == 0, "\(imported.standardError)")
                    #expect(try Scenario.query(Scenario.zoe, on: target)["forgotten"] == .bool(false))
                }
            }
        }
    }
}
