import CLibPQ
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Where to connect: `--database-url`, else `DATABASE_URL`, else libpq's own defaults (`PGHOST`, ...).
///
/// Accepts URIs (`postgresql:///orders?host=/tmp/sock`) and key=value conninfo alike, because libpq
/// expands either when it is passed as `dbname`; a bare word is a database name.
public struct ConnectionTarget: Sendable {
    /// Which of the named servers a session may use.
    public enum ServerRequirement: Sendable {
        /// A server that accepts writes: of several hosts, the primary (libpq's
        /// `target_session_attrs=read-write`), unless the string or `PGTARGETSESSIONATTRS` chooses otherwise.
        case acceptingWrites
        /// Whichever server the string names first that answers (libpq's default, or what the string says).
        case any
    }

    /// The connection string as given, possibly empty (libpq defaults). Never printed: it may hold a password.
    let connectionString: String
    private let environment: [String: String]
    /// Which server a session may use; kept for `connectAgain()`, which must find the same kind.
    public let requirement: ServerRequirement

    /// Seconds to wait for a connection unless the string or `PGCONNECT_TIMEOUT` says otherwise.
    public static let defaultConnectTimeoutSeconds = 5

    /// Resolves the target from an explicit URL or the environment.
    public init(
        databaseURL: String?, environment: [String: String] = ProcessInfo.processInfo.environment, requirement: ServerRequirement = .any
    ) {
        connectionString = databaseURL ?? environment["DATABASE_URL"] ?? ""
        self.environment = environment
        self.requirement = requirement
    }

    /// Opens a connection within the connect timeout, all hosts and addresses together (libpq alone
    /// would wait that long for each), failing with a message that names the target but no password.
    public func connect() throws(PostgresError) -> DatabaseConnection {
        let settings = try parsedSettings()
        // libpq lets the expanded `dbname` string override the keywords before it, so a URL that says
        // `target_session_attrs` itself wins; payloads and messages are UTF-8 on our side, whatever the
        // server's default, so that one comes after.
        var keywords = ["application_name"]
        var values = ["orderctl"]
        if requirement == .acceptingWrites, environment["PGTARGETSESSIONATTRS"] == nil {
            keywords.append("target_session_attrs")
            values.append("read-write")
        }
        keywords += ["dbname", "client_encoding"]
        values += [connectionString, "UTF8"]
        let started = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectStartParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection = started else {
            throw PostgresError(kind: .connectionFailed, message: "out of memory", context: "cannot connect to PostgreSQL")
        }
        if let reason = waitUntilConnected(connection, timeoutSeconds: connectTimeoutSeconds(settings)) {
            let target = Self.describe(connection)
            PQfinish(connection)
            throw PostgresError(
                kind: .connectionFailed,
                message: Self.scrub(String(Self.withoutSurroundingWhitespace(reason)), password: settings["password"]) + Self.advice(for: reason),
                context: "cannot connect to PostgreSQL at \(target)"
            )
        }
        return DatabaseConnection(owning: connection, target: Self.describe(connection), origin: self)
    }

    /// What to do about a failed connection. A server that answered but is read-only (a standby, when
    /// libpq looked for one that accepts writes) needs a different remedy than one that is down.
    static func advice(for reason: String) -> String {
        if reason.contains("read-only") || reason.contains("hot standby") {
            return ". The server is read-only (a standby): a writing subcommand needs the primary; name it in --database-url"
                + " (several hosts are fine: postgresql://h1,h2/db)."
        }
        return ". Start the local one with `make db` (it prints its DATABASE_URL), or pass --database-url or set DATABASE_URL."
    }

    /// Drives libpq's non-blocking connect under one deadline; nil when connected, else why not.
    private func waitUntilConnected(_ connection: OpaquePointer, timeoutSeconds: Int?) -> String? {
        guard PQstatus(connection) != CONNECTION_BAD else { return String(cString: PQerrorMessage(connection)) }
        let deadline = timeoutSeconds.map { ContinuousClock.now.advanced(by: .seconds($0)) }
        var state = PGRES_POLLING_WRITING
        while state != PGRES_POLLING_OK {
            if state == PGRES_POLLING_FAILED { return String(cString: PQerrorMessage(connection)) }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), revents: 0)
            let remaining = deadline.map { ContinuousClock.now.duration(to: $0) }
            if let remaining, remaining <= .zero { return "timeout expired after \(timeoutSeconds!) s" }
            let ready = poll(&descriptor, 1, remaining.map(Self.pollMilliseconds) ?? -1)
            if ready == 0 { continue } // the deadline check above ends the wait
            if ready < 0, errno != EINTR { return "cannot wait for the server: " + String(cString: strerror(errno)) }
            state = PQconnectPoll(connection)
        }
        return nil
    }

    /// A wait for `poll`, rounded up so that a wait of less than a millisecond still waits.
    private static func pollMilliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// `text` without the whitespace before and after it, as libpq reads a number setting.
    private static func withoutSurroundingWhitespace(_ text: String) -> Substring {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return text[start..<end]
    }

    /// `connect_timeout` from the string, else `PGCONNECT_TIMEOUT`, else 5 s; libpq's rules: 0 waits forever, 1 means 2.
    private func connectTimeoutSeconds(_ settings: [String: String]) -> Int? {
        let given = settings["connect_timeout"] ?? environment["PGCONNECT_TIMEOUT"]
        let seconds = given.flatMap { Int(Self.withoutSurroundingWhitespace($0)) } ?? Self.defaultConnectTimeoutSeconds
        return seconds <= 0 ? nil : max(seconds, 2)
    }

    /// The settings the string spells out; a malformed string is a usage error whose message never
    /// repeats the string (libpq's own message quotes it, password and all).
    private func parsedSettings() throws(PostgresError) -> [String: String] {
        let isURI = connectionString.hasPrefix("postgresql://") || connectionString.hasPrefix("postgres://")
        guard isURI || connectionString.contains("=") else { return [:] } // empty, or a bare database name
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &error) else {
            let reason = error.map { String(cString: $0) } ?? "cannot be parsed"
            PQfreemem(error)
            throw PostgresError(
                kind: .invalidConnectionString,
                message: "the connection string is malformed: " + Self.withoutQuotedText(reason),
                context: "cannot connect to PostgreSQL"
            )
        }
        defer { PQconninfoFree(options) }
        var settings: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { settings[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return settings
    }

    /// Host or socket, port, database and user, never the password.
    static func describe(_ connection: OpaquePointer) -> String {
        func field(_ value: UnsafeMutablePointer<CChar>?) -> String {
            value.map { String(cString: $0) } ?? ""
        }
        let host = field(PQhost(connection))
        let place = host.hasPrefix("/") || host.hasPrefix("@") ? "socket \(host)" : "host \(host.isEmpty ? "localhost" : host)"
        return "\(place) port \(field(PQport(connection))), database \"\(field(PQdb(connection)))\" as user \"\(field(PQuser(connection)))\""
    }

    /// Defence in depth: libpq does not echo passwords in connection failures, and if it ever did, this hides them.
    package static func scrub(_ message: String, password: String?) -> String {
        guard let password, password.count >= 4 else { return message }
        return message.replacing(password, with: "********")
    }

    /// libpq's parse errors quote the offending piece of the string, which may be the password.
    package static func withoutQuotedText(_ message: String) -> String {
        // Quotes pair up left to right; one-character pieces such as "=" are kept, being no secret and useful.
        message.replacing(/"[^"]*"/) { quoted in quoted.output.count > 3 ? "\"…\"" : quoted.output }
    }
}

/// Calls `body` with a NULL-terminated array of C strings that lives for the call.
func withCStringArray<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
