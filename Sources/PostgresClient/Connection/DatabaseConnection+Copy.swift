import CLibPQ

/// `COPY ... TO STDOUT` (binary) and `COPY ... FROM STDIN` (text): the bulk paths, a row at a time in both
/// directions so neither side holds the table in memory. COPY takes no parameters: callers pass values as
/// `copyOut(_:settings:...)`'s settings and read them back with `current_setting`.
extension DatabaseConnection {
    /// Runs a `COPY (...) TO STDOUT (FORMAT binary)` and hands each row to `row`, valid only during the call.
    package func copyOut(_ sql: String, context: @autoclosure () -> String, row: (BinaryCopyRow) throws -> Void) throws {
        try beginCopyOut(sql, context: context())
        var fields: [Range<Int>?] = []
        var isFirst = true
        while try withNextCopyMessage(context: context, { message in
            _ = try BinaryCopyRow.rows(in: message, isFirst: isFirst, fields: &fields, context: context, row)
            isFirst = false
        }) {}
    }

    /// Starts a `COPY ... TO STDOUT`; read it with `withNextCopyMessage` until that returns false.
    package func beginCopyOut(_ sql: String, context: @autoclosure () -> String) throws(PostgresError) {
        try expectCopyState(PQexec(connection, sql), PGRES_COPY_OUT, context: context)
    }

    /// Lends the next CopyData message of the running `COPY ... TO STDOUT` to `body`, valid only during the
    /// call; returns false, with the COPY finished and its outcome checked, once there is none.
    package func withNextCopyMessage(context: () -> String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        var buffer: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(connection, &buffer, 0)
        if length == -1 {
            try finishCopy(context: context)
            return false
        }
        guard length >= 0, let buffer else {
            throw failureReported(context: context)
        }
        defer { PQfreemem(buffer) }
        try buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
            try body(UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
        return true
    }

    /// How long the settings made for a `copyOut` last.
    package enum SettingLifetime {
        /// Until the transaction the COPY runs in ends.
        case transaction
        /// For the rest of the session: a COPY outside a transaction, or one on another session's schedule.
        case session
    }

    /// Makes `settings` (name and value, each read back with `current_setting(name)`) in one
    /// parameterized statement, then runs `copyOut`: the one way callers hand values to a COPY, which
    /// takes no parameters.
    package func copyOut(
        _ sql: String, settings: KeyValuePairs<String, String>, lasting lifetime: SettingLifetime = .transaction,
        context: @autoclosure () -> String, row: (BinaryCopyRow) throws -> Void
    ) throws {
        try makeSettings(settings, lasting: lifetime, context: context)
        try copyOut(sql, context: context(), row: row)
    }

    /// `SELECT set_config($1, $2, local), set_config($3, $4, local), ...`: names and values are parameters too.
    private func makeSettings(_ settings: KeyValuePairs<String, String>, lasting lifetime: SettingLifetime, context: () -> String) throws(PostgresError) {
        guard !settings.isEmpty else { return }
        let isLocalParameter = 2 * settings.count + 1
        let calls = settings.indices.map { index in "set_config($\(2 * index + 1), $\(2 * index + 2), $\(isLocalParameter)::boolean)" }
        let parameters: [String?] = settings.flatMap { [$0.key, $0.value] } + [lifetime == .transaction ? "true" : "false"]
        try execute("SELECT " + calls.joined(separator: ", "), parameters, context: context())
    }

    /// Runs a `COPY ... FROM STDIN` with the rows `body` adds. The COPY ends when `body` returns; when
    /// anything throws it is abandoned, and the server discards every row sent.
    public func copyIn(_ sql: String, context: @autoclosure () -> String, _ body: (inout CopyInRows) throws -> Void) throws {
        try beginCopyIn(sql, context: context())
        var rows = CopyInRows(connection: self, context: context())
        do {
            try body(&rows)
            try rows.flush()
            try endCopy(context: context())
        } catch {
            abortCopy(reason: "abandoned: \(context())")
            throw error
        }
    }

    /// Starts a `COPY ... FROM STDIN`; send rows with `sendCopyData`, then `endCopy` (or `abortCopy`).
    package func beginCopyIn(_ sql: String, context: @autoclosure () -> String) throws(PostgresError) {
        try expectCopyState(PQexec(connection, sql), PGRES_COPY_IN, context: context)
    }

    /// Sends bytes of rows in COPY text format.
    package func sendCopyData(_ bytes: [UInt8], context: @autoclosure () -> String) throws(PostgresError) {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { PQputCopyData(connection, $0, Int32(buffer.count)) }
        }
        guard sent == 1 else {
            throw failureReported(context: context)
        }
    }

    /// Ends the COPY; the server checks the rows and reports the first error.
    package func endCopy(context: @autoclosure () -> String) throws(PostgresError) {
        guard PQputCopyEnd(connection, nil) == 1 else {
            throw PostgresError(kind: .connectionLost, message: String(cString: PQerrorMessage(connection)), context: context())
        }
        try finishCopy(context: context)
    }

    /// Abandons the COPY: the server discards every row sent.
    package func abortCopy(reason: String) {
        _ = PQputCopyEnd(connection, reason)
        while let result = PQgetResult(connection) { PQclear(result) }
    }

    private func expectCopyState(_ result: OpaquePointer?, _ expected: ExecStatusType, context: () -> String) throws(PostgresError) {
        if let result, PQresultStatus(result) == expected {
            PQclear(result)
            return
        }
        _ = try check(result, context: context)
        throw PostgresError(kind: .statementFailed, message: "the statement did not start a COPY", context: context())
    }

    private func finishCopy(context: () -> String) throws(PostgresError) {
        var failure: PostgresError?
        while let result = PQgetResult(connection) {
            do throws(PostgresError) { _ = try check(result, context: context) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }
}
