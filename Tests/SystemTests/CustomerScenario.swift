import DatabaseTestSupport
import Foundation
import JSONCoding
import PostgresClient
import Testing

/// The customers of `Fixtures/customers.jsonl` and what the customer suites do with them through the binary.
enum CustomerScenario {
    /// Registered with a non-ASCII name and no phone; a phone is added later (version 2). No orders.
    static let zoe = "7e3f1a20-5b6c-4d8e-9f01-2a3b4c5d6e01"
    static let zoeName = "Zoë Ångström-Łukasiewicz"
    static let zoeEmail = "zoe@example.com"
    static let zoePhone = "+447911123456"
    /// Registered with phone and address (version 1), the phone cleared (2), the e-mail changed (3); one order.
    static let max = "7e3f1a20-5b6c-4d8e-9f01-2a3b4c5d6e02"
    static let maxName = "Maximilian Weber"
    static let maxFirstEmail = "max.weber@example.org"
    static let maxEmail = "m.weber@example.net"
    static let maxPhone = "+4930123456"
    static let maxStreet = "Unter den Linden 1"
    /// Never registered, but has an order: a guest.
    static let guest = "7e3f1a20-5b6c-4d8e-9f01-2a3b4c5d6e03"
    /// Named by a ChangeContactInfo that is rejected: no stream at all.
    static let unknown = "7e3f1a20-5b6c-4d8e-9f01-2a3b4c5d6e04"
    /// The guest's order, whose id a RegisterCustomer line tries to use as a customer's.
    static let guestOrder = "9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c01"

    /// Every text of Max's details that was ever submitted, current or replaced.
    static let maxSecrets = [maxName, maxFirstEmail, maxEmail, maxPhone, maxStreet]
    static let zoeSecrets = [zoeName, zoeEmail, zoePhone]

    /// Max's address as `query customer` and `replay` show it.
    static let maxAddress: JSONValue = ["street": .string(maxStreet), "city": "Berlin", "postalCode": "10117", "country": "DE"]

    /// Submits `Fixtures/customers.jsonl`, which has rejected and invalid lines (exit 1).
    @discardableResult
    static func submitFixture(to database: TestDatabase) throws -> OrderctlOutcome {
        let outcome = try OrderctlProcess.run(["submit", "Fixtures/customers.jsonl", "--database-url", database.url])
        try #require(outcome.status == 1, "the customers fixture: \(outcome.standardError)")
        return outcome
    }

    /// `orderctl customer forget ID` as the runtime role.
    @discardableResult
    static func forget(_ customer: String, on database: TestDatabase) throws -> OrderctlOutcome {
        try OrderctlProcess.run(["customer", "forget", customer, "--database-url", database.url])
    }

    /// `query customer ID` in JSON, parsed; records an issue unless it exits 0.
    static func query(_ customer: String, on database: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONObject {
        let outcome = try OrderctlProcess.run(["query", "customer", customer, "--database-url", database.url])
        #expect(outcome.status == 0, "query customer \(customer): \(outcome.standardError)", sourceLocation: sourceLocation)
        return try #require(try JSONParser.parse(outcome.standardOutput).objectValue, sourceLocation: sourceLocation)
    }

    /// A contact as `query customer` and `replay`'s state show it: every field, null when absent.
    static func contact(name: String, email: String, phone: String?, address: JSONValue?) -> JSONValue {
        ["name": .string(name), "email": .string(email), "phone": phone.map(JSONValue.string) ?? .null, "address": address ?? .null]
    }

    /// Each line of standard output, parsed as a JSON object.
    static func objects(_ outcome: OrderctlOutcome, sourceLocation: SourceLocation = #_sourceLocation) throws -> [JSONObject] {
        try outcome.outputLines.map { try #require(try JSONParser.parse($0).objectValue, "not a JSON object: \($0)", sourceLocation: sourceLocation) }
    }

    /// The first column of every row of `sql`, as text (NULL as "NULL").
    static func column(_ sql: String, _ parameters: [String?] = [], on connection: DatabaseConnection) throws -> [String] {
        let result = try connection.execute(sql, parameters, context: "reading for a test")
        return (0..<result.rowCount).map { result.string(row: $0, column: 0) ?? "NULL" }
    }

    /// `customer_contacts`, every column of every row as text, in customer order: compared whole.
    static func contactsTable(on connection: DatabaseConnection) throws -> [String] {
        try column("SELECT c::text FROM customer_contacts c ORDER BY customer_id", on: connection)
    }

    /// A plain-text `pg_dump` of the whole database, as its owner (who can read every table).
    static func pgDump(_ database: TestDatabase) throws -> String {
        let dump = Process()
        dump.executableURL = try postgresBinary("pg_dump")
        dump.arguments = ["--format=plain", "--no-owner", "--dbname=\(database.ownerURL)"]
        let output = Pipe(), errors = Pipe()
        dump.standardOutput = output
        dump.standardError = errors
        try dump.run()
        let watchedErrors = StreamWatcher(errors.fileHandleForReading)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        dump.waitUntilExit()
        let problems = watchedErrors.finish()
        try #require(dump.terminationStatus == 0, "pg_dump failed: \(problems)")
        try #require(text.contains("CREATE TABLE public.customer_contacts"), "pg_dump wrote no schema: \(text.prefix(300))")
        return text
    }

    /// The rows `pg_dump` wrote for one table: the lines of its `COPY ... FROM stdin` block.
    static func copyBlock(of table: String, in dump: String) -> [Substring] {
        let lines = dump.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("COPY public.\(table) ") }) else { return [] }
        let rest = lines[(start + 1)...]
        return Array(rest.prefix { $0 != "\\." })
    }

    /// A PostgreSQL program: from `pg_config --bindir` when pg_config answers, else the Debian path of version 15.
    static func postgresBinary(_ name: String) throws -> URL {
        var folders: [String] = []
        let config = Process()
        config.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        config.arguments = ["pg_config", "--bindir"]
        let output = Pipe()
        config.standardOutput = output
        config.standardError = FileHandle.nullDevice
        if (try? config.run()) != nil {
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            config.waitUntilExit()
            if config.terminationStatus == 0 { folders.append(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        folders.append("/usr/lib/postgresql/15/bin")
        let found = folders.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "no \(name) in \(folders)")
    }

    /// A file name in a new private folder under the temporary directory; `body` runs, then the folder goes.
    static func withTemporaryFolder<Result>(_ body: (URL) throws -> Result) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderctl-customers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }
}
