import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import PostgresClient
import Testing

/// What the notification suites do through the binary: submit commands, run `notify run --once` against
/// the test SMTP server, and read `notify list`, `show` and `status`.
enum NotificationScenario {
    /// The `--from` every run passes, so the tests can tell it reached the `From` header and the envelope.
    static let sender = "orders@shop.example"

    /// A fresh UUID in the lower case orderctl prints.
    static func newID() -> String {
        UUID().uuidString.lowercased()
    }

    /// `PREFIX-<random>@example.com`: unique to this test and this run, since the server counts `flaky<N>-`
    /// arrivals per address for as long as it runs, and other tests send to it at the same time.
    static func address(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
    }

    /// Submits `lines`; fails the test unless every line is accepted. Returns the result lines.
    @discardableResult
    static func submit(_ lines: [JSONValue], to database: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws -> [JSONObject] {
        let input = lines.map { $0.serialized() + "\n" }.joined()
        let outcome = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data(input.utf8))
        try #require(outcome.status == 0, "submit: \(outcome.standardOutput)\(outcome.standardError)", sourceLocation: sourceLocation)
        return try CustomerScenario.objects(outcome, sourceLocation: sourceLocation)
    }

    /// `notify run --once --smtp-url URL --from SENDER` and `arguments`, against `database`, once every event
    /// of the database is settled.
    static func run(_ database: TestDatabase, smtpURL: String, _ arguments: [String] = [], environment: [String: String]? = nil) throws -> OrderctlOutcome {
        try waitUntilSettled(database)
        return try OrderctlProcess.run(
            ["notify", "run", "--once", "--smtp-url", smtpURL, "--from", sender, "--database-url", database.url] + arguments, environment: environment
        )
    }

    /// Waits until no event of `database` lies behind a transaction still open on the cluster.
    ///
    /// The preparer reads events in gap-safe commit order, below the oldest transaction running anywhere on
    /// the cluster (`pg_snapshot_xmin`, which counts every database's transactions): while another test
    /// migrates its database or holds a write open, `notify run --once` finds this test's events not yet
    /// settled, has nothing to do, and exits 0. Waiting first makes each run see everything submitted before it.
    static func waitUntilSettled(_ database: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let connection = try database.connectAsOwner()
        let deadline = Date().addingTimeInterval(60)
        while true {
            let unsettled = try connection.execute(
                "SELECT count(*) FROM events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())", context: "waiting for settled events"
            ).integer(row: 0, column: 0) ?? -1
            if unsettled == 0 { return }
            try #require(Date() < deadline, "\(unsettled) events stayed behind an open transaction for 60 s", sourceLocation: sourceLocation)
            usleep(20_000)
        }
    }

    /// `notify list` with `filters`, each line read strictly; fails the test unless it exits 0.
    static func list(_ database: TestDatabase, _ filters: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> [ListedNotification] {
        let outcome = try OrderctlProcess.run(["notify", "list", "--database-url", database.url] + filters)
        try #require(outcome.status == 0, "notify list: \(outcome.standardError)", sourceLocation: sourceLocation)
        return try CustomerScenario.objects(outcome, sourceLocation: sourceLocation).map { try ListedNotification($0) }
    }

    /// The one listed notification of `template` for the event at `position`.
    static func listed(_ list: [ListedNotification], template: String, position: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws -> ListedNotification {
        let found = list.filter { $0.template == template && $0.position == position }
        try #require(found.count == 1, "\(found.count) \(template) notifications for position \(position) in \(list)", sourceLocation: sourceLocation)
        return found[0]
    }

    /// `notify show ID` as JSON; fails the test unless it exits 0.
    static func show(_ id: String, on database: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONObject {
        let outcome = try OrderctlProcess.run(["notify", "show", id, "--database-url", database.url])
        try #require(outcome.status == 0, "notify show \(id): \(outcome.standardError)", sourceLocation: sourceLocation)
        return try #require(try JSONParser.parse(outcome.standardOutput).objectValue, sourceLocation: sourceLocation)
    }

    /// The `attemptHistory` of a `notify show` object.
    static func attempts(in shown: JSONObject, sourceLocation: SourceLocation = #_sourceLocation) throws -> [JSONObject] {
        let history = try #require(shown["attemptHistory"]?.arrayValue, "no attemptHistory in \(shown)", sourceLocation: sourceLocation)
        return try history.map { try #require($0.objectValue, sourceLocation: sourceLocation) }
    }

    /// `notify status` as JSON, with its exit status (1 when a notification is dead).
    static func status(_ database: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws -> (exitStatus: Int32, report: JSONObject) {
        let outcome = try OrderctlProcess.run(["notify", "status", "--database-url", database.url])
        let report = try #require(try? JSONParser.parse(outcome.standardOutput).objectValue, "notify status: \(outcome.standardOutput)\(outcome.standardError)", sourceLocation: sourceLocation)
        return (outcome.status, report)
    }

    /// The `counts` of a status report, by state.
    static func counts(_ report: JSONObject) -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for member in report["counts"]?.objectValue?.members ?? [] { counts[member.key] = member.value.exactInteger }
        return counts
    }

    /// One event of the log as `export` prints it.
    struct LoggedEvent {
        let position: Int64
        let eventID: String
        let type: String
        let streamID: String
    }

    /// Every event of the log, in commit order, from `export`.
    static func events(of database: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws -> [LoggedEvent] {
        let outcome = try OrderctlProcess.run(["export", "--database-url", database.url])
        try #require(outcome.status == 0, "export: \(outcome.standardError)", sourceLocation: sourceLocation)
        return try CustomerScenario.objects(outcome, sourceLocation: sourceLocation).map { line in
            LoggedEvent(
                position: try #require(line["position"]?.exactInteger, sourceLocation: sourceLocation),
                eventID: try #require(line["eventId"]?.stringValue, sourceLocation: sourceLocation),
                type: try #require(line["type"]?.stringValue, sourceLocation: sourceLocation),
                streamID: try #require(line["streamId"]?.stringValue, sourceLocation: sourceLocation)
            )
        }
    }

    /// The one event of `type` in `stream`.
    static func event(_ type: String, of stream: String, in events: [LoggedEvent], sourceLocation: SourceLocation = #_sourceLocation) throws -> LoggedEvent {
        let found = events.filter { $0.type == type && $0.streamID == stream }
        try #require(found.count == 1, "\(found.count) \(type) events in stream \(stream)", sourceLocation: sourceLocation)
        return found[0]
    }

    /// Now, as a `Timestamp`, for comparing with the times orderctl prints.
    static func now() -> Timestamp {
        timestamp(Date())
    }

    /// `date` as a `Timestamp`.
    static func timestamp(_ date: Date) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: Int64(date.timeIntervalSince1970 * 1_000_000))
    }

    /// Sleeps until `moment` has passed (the database and the tests share this machine's clock), plus a
    /// little, so that `now()` in the database is past it too.
    static func sleep(until moment: Timestamp) {
        let wait = Double(moment.microsecondsSinceEpoch - now().microsecondsSinceEpoch) / 1_000_000 + 0.05
        if wait > 0 { usleep(UInt32(min(wait, 10) * 1_000_000)) }
    }

    /// Seconds from `earlier` to `later`.
    static func seconds(from earlier: Timestamp, to later: Timestamp) -> Double {
        Double(later.microsecondsSinceEpoch - earlier.microsecondsSinceEpoch) / 1_000_000
    }

    /// The first column of every row of `sql` as the database owner, as text.
    static func ownerColumn(_ sql: String, _ parameters: [String?] = [], on database: TestDatabase) throws -> [String] {
        try CustomerScenario.column(sql, parameters, on: try database.connectAsOwner())
    }
}
