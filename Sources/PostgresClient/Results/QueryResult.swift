import CLibPQ

/// The rows of one successful statement. Owns its `PGresult` and frees it when released.
public final class QueryResult {
    private let result: OpaquePointer

    init(owning result: OpaquePointer) {
        self.result = result
    }

    deinit {
        PQclear(result)
    }

    /// How many rows came back.
    public var rowCount: Int { Int(PQntuples(result)) }

    /// How many rows an INSERT/UPDATE/DELETE touched.
    public var affectedRowCount: Int {
        Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Whether a value is SQL NULL.
    public func isNull(row: Int, column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) == 1
    }

    /// A value in PostgreSQL's text form; nil for NULL.
    public func string(row: Int, column: Int) -> String? {
        guard !isNull(row: row, column: column) else { return nil }
        return String(cString: PQgetvalue(result, Int32(row), Int32(column)))
    }

    /// A value's bytes as PostgreSQL sent them (text, or binary for `DatabaseConnection.query`); nil for NULL.
    public func bytes(row: Int, column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard !isNull(row: row, column: column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { UnsafeBufferPointer(start: $0, count: length) }
    }

    /// An integer value; nil for NULL or non-integers.
    public func integer(row: Int, column: Int) -> Int64? {
        string(row: row, column: column).flatMap { Int64($0) }
    }
}
