import CLibPQ
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One libpq connection. Owns its `PGconn` and closes it when released.
///
/// Every statement with data goes through `execute(_:_:)`, which sends values as parameters:
/// no value is ever spliced into SQL text.
public final class DatabaseConnection {
    let connection: OpaquePointer
    /// Host/socket, port, database and user, for messages.
    public let target: String
    /// Where it connected, to open another session there.
    private let origin: ConnectionTarget
    /// The server's warnings, for what they say about a commit.
    private let notices = ServerNotices()
    /// The names of the statements `executePrepared` prepared on this session, by their text.
    private var preparedStatements: [String: String] = [:]
    /// How many statements one session prepares at most; past that, statements run unprepared. Only a
    /// few texts run often (a batch's), and a session's prepared statements live as long as it does.
    private static let maximumPreparedStatements = 64

    init(owning connection: OpaquePointer, target: String, origin: ConnectionTarget) {
        self.connection = connection
        self.target = target
        self.origin = origin
        notices.receive(from: connection)
    }

    deinit {
        PQfinish(connection)
    }

    /// A second session to the same database as the same user: for work that reads the log on one
    /// session while it writes on this one (a `COPY` occupies its session until it ends).
    public func connectAgain() throws(PostgresError) -> DatabaseConnection {
        try origin.connect()
    }

    /// Runs one statement with text parameters (`$1`, `$2`, ...; nil is NULL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = [], context: @autoclosure () -> String) throws(PostgresError) -> QueryResult {
        try execute(sql, parameters, resultsInBinary: false, context: context)
    }

    private func execute(_ sql: String, _ parameters: [String?], resultsInBinary: Bool, context: () -> String) throws(PostgresError) -> QueryResult {
        try execute(sql, parameters: parameters.map(StatementParameter.text), as: nil, resultsInBinary: resultsInBinary, context: context)
    }

    /// Runs one statement whose parameters may travel in binary form (the server infers each one's type
    /// from the statement, e.g. `$1::uuid[]`, so a binary value must be of that type); rows come back as text.
    @discardableResult
    public func execute(_ sql: String, parameters: [StatementParameter], context: @autoclosure () -> String) throws(PostgresError) -> QueryResult {
        try execute(sql, parameters: parameters, as: nil, resultsInBinary: false, context: context)
    }

    /// `execute(_:parameters:context:)` for a statement that runs again and again on this session (a batch's
    /// insert): prepared the first time, then only bound and executed, so the server parses, analyses and
    /// plans it once per session instead of every time (7 % of the batch writer's server time in `submit`).
    /// After 5 runs the server may keep one generic plan, chosen while the tables were perhaps small: only
    /// statements whose plan does not depend on the tables' sizes belong here (an `INSERT ... SELECT FROM
    /// unnest`); a lookup or a join belongs in `execute`, planned for its values every time. (Prepared on
    /// a fresh database, `submit`'s `command_id = ANY($1)` lookup kept a plan that scans the whole commands
    /// table: 27 ms a batch instead of 1.6, and the run went at 0.6 of the unprepared rate.) Prepared
    /// statements outlive a transaction that rolls back, and the server plans one again by itself when a
    /// table it uses changes.
    @discardableResult
    public func executePrepared(_ sql: String, parameters: [StatementParameter], context: @autoclosure () -> String) throws(PostgresError) -> QueryResult {
        if let name = preparedStatements[sql] {
            return try execute(sql, parameters: parameters, as: name, resultsInBinary: false, context: context)
        }
        guard preparedStatements.count < Self.maximumPreparedStatements else {
            return try execute(sql, parameters: parameters, as: nil, resultsInBinary: false, context: context)
        }
        let name = "orderctl_\(preparedStatements.count + 1)"
        // The parameters' types come from the statement's casts, as for an unprepared statement.
        _ = try check(PQprepare(connection, name, sql, Int32(parameters.count), nil), context: context)
        preparedStatements[sql] = name
        return try execute(sql, parameters: parameters, as: name, resultsInBinary: false, context: context)
    }

    /// Runs `sql` unprepared, or the statement prepared under `name` (whose text `sql` is); every
    /// statement with parameters goes through here, whatever their form and the rows'.
    private func execute(
        _ sql: String, parameters: [StatementParameter], as name: String?, resultsInBinary: Bool, context: () -> String
    ) throws(PostgresError) -> QueryResult {
        let result = try withParameterArrays(parameters, context: context) { count, values, lengths, formats in
            if let name {
                PQexecPrepared(connection, name, count, values, lengths, formats, resultsInBinary ? 1 : 0)
            } else {
                PQexecParams(connection, sql, count, nil, values, lengths, formats, resultsInBinary ? 1 : 0)
            }
        }
        return try check(result, context: context)
    }

    /// Sends one statement with text parameters and returns without waiting for it: the server runs it
    /// while this process works on other sessions (a rebuild aggregates the log for its verification
    /// during its bulk pass). Nothing else may run on this session until `finishSent` has taken its result.
    package func send(_ sql: String, _ parameters: [String?], context: @autoclosure () -> String) throws(PostgresError) {
        let sent = try withParameterArrays(parameters.map(StatementParameter.text), context: context) { count, values, lengths, formats in
            PQsendQueryParams(connection, sql, count, nil, values, lengths, formats, 0)
        }
        guard sent == 1 else {
            throw failureReported(context: context)
        }
    }

    /// `send` for a script of statements without parameters (a table's index definitions), run in turn
    /// until one fails.
    package func sendScript(_ sql: String, context: @autoclosure () -> String) throws(PostgresError) {
        guard PQsendQuery(connection, sql) == 1 else {
            throw failureReported(context: context)
        }
    }

    /// Waits for what `send` or `sendScript` sent and returns the result of its last statement, or throws
    /// the first error (after taking every result, so the session is ready for the next statement).
    @discardableResult
    package func finishSent(context: @autoclosure () -> String) throws(PostgresError) -> QueryResult {
        var last: QueryResult?
        var failure: PostgresError?
        while let result = PQgetResult(connection) {
            guard failure == nil else {
                PQclear(result)
                continue
            }
            do throws(PostgresError) { last = try check(result, context: context) } catch { failure = error }
        }
        if let failure { throw failure }
        guard let last else {
            throw failureReported(context: context)
        }
        return last
    }

    /// Abandons what `send` or `sendScript` sent: asks the server to cancel it, then takes its results
    /// (the cancellation's error among them), so the session is ready for the next statement at once
    /// instead of when the work would have ended. A rebuild stopped or failing in its bulk pass would
    /// otherwise wait for the whole log's aggregate, and a table's rollback for its index builds.
    /// The cancel is sent before the results are taken, so it can only reach this statement, or find the
    /// session idle, where the server ignores it; one that arrives before the server has read the statement
    /// is ignored too, and the results are then waited for, as without it.
    package func abandonSent() {
        if let cancel = PQgetCancel(connection) {
            var reason = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &reason, Int32(reason.count))
            PQfreeCancel(cancel)
        }
        while let result = PQgetResult(connection) { PQclear(result) }
    }

    /// Calls `body` with the parameters laid out as libpq takes them (count, values, lengths, formats),
    /// valid only during the call.
    private func withParameterArrays<Outcome>(
        _ parameters: [StatementParameter], context: () -> String,
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> Outcome
    ) throws(PostgresError) -> Outcome {
        // Text values go as C strings (the length is ignored for them); binary values by their length.
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        buffers.reserveCapacity(parameters.count)
        defer { buffers.forEach { free($0) } }
        for parameter in parameters {
            switch parameter {
            case let .text(value):
                buffers.append(value.map { strdup($0) } ?? nil)
                lengths.append(0)
                formats.append(0)
            case let .binary(bytes):
                // malloc, like strdup, so that every buffer is freed alike.
                guard let buffer = malloc(max(bytes.count, 1)) else {
                    throw PostgresError(kind: .statementFailed, message: "out of memory for a parameter of \(bytes.count) bytes", context: context())
                }
                bytes.withUnsafeBytes { source in
                    if let start = source.baseAddress { buffer.copyMemory(from: start, byteCount: bytes.count) }
                }
                buffers.append(buffer.assumingMemoryBound(to: CChar.self))
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        let pointers = buffers.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { values in
            lengths.withUnsafeBufferPointer { lengths in
                formats.withUnsafeBufferPointer { formats in
                    body(Int32(parameters.count), values.baseAddress, lengths.baseAddress, formats.baseAddress)
                }
            }
        }
    }

    /// Runs one statement with text parameters whose rows come back in binary format, for `StoredColumns`.
    package func query(_ sql: String, _ parameters: [String?], context: @autoclosure () -> String) throws(PostgresError) -> QueryResult {
        try execute(sql, parameters, resultsInBinary: true, context: context)
    }

    /// Runs a script of several statements without parameters: for migration files only.
    public func executeScript(_ sql: String, context: @autoclosure () -> String) throws(PostgresError) {
        _ = try check(PQexec(connection, sql), context: context)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// A commit the server reports as not confirmed by the synchronous standby (a warning instead of
    /// the usual silence) throws `commitUnconfirmed`: it happened here, but a failover could lose it, so
    /// whoever acknowledges it must wait until it is confirmed.
    public func transaction<Result>(context: @autoclosure () -> String, _ body: () throws -> Result) throws -> Result {
        try execute("BEGIN", context: context())
        let value: Result
        do {
            value = try body()
            notices.forgetWarnings()
            try execute("COMMIT", context: context())
        } catch {
            rollbackQuietly()
            throw error
        }
        if let warning = notices.lastWarning {
            throw PostgresError(kind: .commitUnconfirmed, message: warning, context: context())
        }
        return value
    }

    /// Runs `body`, cancelling the statement the session runs when `seconds` pass first: for a wait that
    /// no server setting bounds, such as a commit's wait for the synchronous standby.
    public func cancelling<Result>(after seconds: Double, _ body: () throws -> Result) rethrows -> Result {
        let canceller = StatementCanceller(connection: connection, seconds: seconds)
        defer { canceller.disarm() }
        return try body()
    }

    /// Runs `body` in a read-only transaction that sees one snapshot throughout: for reads of the whole log
    /// (audits, exports) that must not mistake appends running meanwhile for part of what they read.
    public func snapshotTransaction<Result>(context: @autoclosure () -> String, _ body: () throws -> Result) throws -> Result {
        try transaction(context: context()) {
            try execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", context: context())
            return try body()
        }
    }

    /// Ends a failed transaction; a broken connection is already reported by the original error.
    public func rollbackQuietly() {
        if PQstatus(connection) == CONNECTION_OK {
            PQclear(PQexec(connection, "ROLLBACK"))
        }
    }

    /// Subscribes this session to a notification channel (a name from code, never from input).
    public func listen(to channel: String) throws(PostgresError) {
        try execute("LISTEN \(SQLIdentifier.quoted(channel))", context: "listening on \(channel)")
    }

    /// Waits until a notification arrives, `otherDescriptor` becomes readable (a signal's wake-up pipe),
    /// or `timeout` seconds pass. Drains every queued notification; returns whether there was any.
    public func waitForNotification(timeout: Double, orReadable otherDescriptor: Int32) throws(PostgresError) -> Bool {
        if try drainNotifications() { return true }
        var descriptors = [
            pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0),
            pollfd(fd: otherDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&descriptors, nfds_t(otherDescriptor >= 0 ? 2 : 1), Int32(max(0, timeout) * 1000))
        return try drainNotifications()
    }

    private func drainNotifications() throws(PostgresError) -> Bool {
        guard PQconsumeInput(connection) == 1 else {
            throw PostgresError(kind: .connectionLost, message: String(cString: PQerrorMessage(connection)), context: "waiting for notifications")
        }
        var received = false
        while let notification = PQnotifies(connection) {
            received = true
            PQfreemem(notification)
        }
        return received
    }

    /// Whether the connection is still usable.
    public var isAlive: Bool { PQstatus(connection) == CONNECTION_OK }

    /// The error libpq reports for this session when a call fails without a result to read: a lost
    /// connection when the session is no longer usable, a failed statement otherwise.
    func failureReported(context: () -> String) -> PostgresError {
        PostgresError(kind: isAlive ? .statementFailed : .connectionLost, message: String(cString: PQerrorMessage(connection)), context: context())
    }

    func check(_ result: OpaquePointer?, context: () -> String) throws(PostgresError) -> QueryResult {
        guard let result else {
            throw failureReported(context: context)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return QueryResult(owning: result)
        default:
            let state = errorField(result, "C").map(SQLState.init(rawValue:))
            let message = errorField(result, "M") ?? String(cString: PQerrorMessage(connection))
            let detail = errorField(result, "D")
            PQclear(result)
            let lost = !isAlive || state?.isConnectionException == true || state?.isOperatorIntervention == true
            throw PostgresError(kind: lost ? .connectionLost : .statementFailed, sqlState: state, message: message, detail: detail, context: context())
        }
    }

    private func errorField(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
    }
}
