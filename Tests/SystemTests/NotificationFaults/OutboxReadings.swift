import Foundation
import JSONCoding
import OrderDomain
import PostgresClient
import Testing

/// What a fault test reads of one database's outbox: `notify list` and `notify status` as an operator
/// would, and the tables themselves for what those do not show (attempt records, sessions).
struct OutboxReadings {
    let url: String

    /// One `notify list` line.
    struct Listed {
        let id: String
        let template: String
        let recipient: String?
        let state: String
        let attempts: Int
        let sentAt: Timestamp?
        let messageID: String
    }

    /// `notify list`, parsed; records an issue unless it exits 0.
    func list(sourceLocation: SourceLocation = #_sourceLocation) throws -> [Listed] {
        let outcome = try OrderctlProcess.run(["notify", "list", "--database-url", url])
        #expect(outcome.status == 0, "notify list: \(outcome.standardError)", sourceLocation: sourceLocation)
        return try outcome.outputLines.map { line in
            let object = try #require(try JSONParser.parse(line).objectValue, "not a JSON object: \(line)", sourceLocation: sourceLocation)
            return Listed(
                id: object["id"]?.stringValue ?? "", template: object["template"]?.stringValue ?? "", recipient: object["recipient"]?.stringValue,
                state: object["state"]?.stringValue ?? "", attempts: Int(object["attempts"]?.exactInteger ?? -1),
                sentAt: object["sentAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }, messageID: object["messageId"]?.stringValue ?? ""
            )
        }
    }

    /// `notify status`: its exit status, the count of each state and the lag.
    func status(sourceLocation: SourceLocation = #_sourceLocation) throws -> (exit: Int32, counts: [String: Int], lag: Int) {
        let outcome = try OrderctlProcess.run(["notify", "status", "--database-url", url])
        let object = try #require(try JSONParser.parse(outcome.standardOutput).objectValue, "notify status: \(outcome.standardError)", sourceLocation: sourceLocation)
        let tally = object["counts"]?.objectValue ?? JSONObject()
        let counts = Dictionary(uniqueKeysWithValues: tally.keys.map { ($0, Int(tally[$0]?.exactInteger ?? -1)) })
        return (outcome.status, counts, Int(object["lag"]?.exactInteger ?? -1))
    }

    /// The counts and lag for a failure's message.
    var summary: String {
        (try? status()).map { "\($0.counts.sorted { $0.key < $1.key }), lag \($0.lag)" } ?? "(notify status failed)"
    }

    /// The number `sql` (one row, one column) gives.
    static func number(_ sql: String, _ parameters: [String?] = [], on connection: DatabaseConnection) throws -> Int {
        Int(try connection.execute(sql, parameters, context: "reading the outbox for a test").integer(row: 0, column: 0) ?? -1)
    }

    /// Notifications in `state`, straight from the table (cheap enough to poll).
    static func count(_ state: String, on connection: DatabaseConnection) throws -> Int {
        try number("SELECT count(*) FROM notifications WHERE state = $1", [state], on: connection)
    }

    /// Waits up to `seconds` for `condition`, checking every 50 ms; whether it came true.
    static func wait(seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    /// Waits until no session but `connection`'s is left on its database: a killed runner's session ends
    /// when its server process notices the closed socket, and until then its claim counts as live.
    static func waitForOtherSessionsToEnd(on connection: DatabaseConnection, seconds: Double = 30) throws -> Bool {
        try wait(seconds: seconds) {
            try number(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                on: connection
            ) == 0
        }
    }

    /// "N sent" from `notify run`'s last line on standard error.
    static func sentByRunner(_ outcome: OrderctlOutcome) -> Int? {
        guard let line = outcome.standardError.split(separator: "\n").last(where: { $0.hasPrefix("notify run: ") && $0.contains(" sent, ") }) else { return nil }
        return line.dropFirst("notify run: ".count).split(separator: " ").first.flatMap { Int($0) }
    }
}
