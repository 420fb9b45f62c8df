import CLibPQ

/// `COPY ... TO STDOUT` and `COPY ... FROM STDIN`: the bulk paths, a row at a time in both directions so
/// neither side holds the table in memory. COPY takes no parameters: callers pass values through
/// `set_config` in a parameterized statement first and read them back with `current_setting`.
extension DatabaseConnection {
    /// Runs a `COPY ... TO STDOUT` and hands each row's bytes (text format, with its newline) to `row`.
    public func copyOut(_ sql: String, context: @autoclosure () -> String, row: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try expectCopyState(PQexec(connection, sql), PGRES_COPY_OUT, context: context)
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &buffer, 0)
            if length == -1 { break }
            guard length >= 0, let buffer else {
                throw PostgresError(kind: isAlive ? .statementFailed : .connectionLost, message: String(cString: PQerrorMessage(connection)), context: context())
            }
            defer { PQfreemem(buffer) }
            try buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
                try row(UnsafeBufferPointer(start: bytes, count: Int(length)))
            }
        }
        try finishCopy(context: context)
    }

    /// Starts a `COPY ... FROM STDIN`; send rows with `sendCopyData`, then `endCopy` (or `abortCopy`).
    public func beginCopyIn(_ sql: String, context: @autoclosure () -> String) throws(PostgresError) {
        try expectCopyState(PQexec(connection, sql), PGRES_COPY_IN, context: context)
    }

    /// Sends bytes of rows in COPY text format.
    public func sendCopyData(_ bytes: [UInt8], context: @autoclosure () -> String) throws(PostgresError) {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { PQputCopyData(connection, $0, Int32(buffer.count)) }
        }
        guard sent == 1 else {
            throw PostgresError(kind: isAlive ? .statementFailed : .connectionLost, message: String(cString: PQerrorMessage(connection)), context: context())
        }
    }

    /// Ends the COPY; the server checks the rows and reports the first error.
    public func endCopy(context: @autoclosure () -> String) throws(PostgresError) {
        guard PQputCopyEnd(connection, nil) == 1 else {
            throw PostgresError(kind: .connectionLost, message: String(cString: PQerrorMessage(connection)), context: context())
        }
        try finishCopy(context: context)
    }

    /// Abandons the COPY: the server discards every row sent.
    public func abortCopy(reason: String) {
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
