/// A `COPY (...) TO STDOUT (FORMAT binary)` read a row at a time at the caller's pace, where
/// `DatabaseConnection.copyOut` hands every row over at the server's: for reading a second, ordered
/// `COPY` on another session in step with the first (a merge join done by the client).
///
/// PostgreSQL sends each row in a CopyData message of its own; a message holding several rows, which
/// `copyOut` reads, is refused here as malformed, since the cursor lends one row per step.
package final class CopyOutCursor {
    private let connection: DatabaseConnection
    private let context: String
    private var fields: [Range<Int>?] = []
    private var isFirst = true
    private var finished = false

    /// Starts the COPY `sql` on `connection`, which it occupies until `next` has returned nil.
    package init(_ sql: String, on connection: DatabaseConnection, context: String) throws {
        self.connection = connection
        self.context = context
        try connection.beginCopyOut(sql, context: context)
    }

    /// Lends the next row to `body` and returns what it returns; nil once every row was read and the
    /// COPY ended well.
    package func next<Result>(_ body: (BinaryCopyRow) throws -> Result) throws -> Result? {
        var result: Result?
        // A flag of its own: `Result` may itself be optional, so a nil result can be a row.
        var delivered = false
        while !finished, !delivered {
            let context = context
            let hadMessage = try connection.withNextCopyMessage(context: { context }) { message in
                var rows = 0
                _ = try BinaryCopyRow.rows(in: message, isFirst: isFirst, fields: &fields, context: { context }) { row in
                    rows += 1
                    guard rows == 1 else {
                        throw PostgresError(
                            kind: .statementFailed, message: "the binary COPY stream is malformed: several rows in one message", context: context
                        )
                    }
                    result = try body(row)
                    delivered = true
                }
                isFirst = false
            }
            finished = !hadMessage
        }
        return delivered ? result : nil
    }
}
