import JSONCoding

/// One row's fields by column number, whether a query returned it or a `COPY` streamed it.
protocol StoredColumns {
    /// The field as text; nil for NULL.
    func string(_ column: Int) -> String?
    /// The field as an integer; nil for NULL or anything else.
    func integer(_ column: Int) -> Int64?
    /// The field parsed as JSON; nil for NULL.
    func json(_ column: Int) throws -> JSONValue?
}

/// A row of a query result.
struct QueryRow: StoredColumns {
    let result: QueryResult
    let row: Int

    func string(_ column: Int) -> String? { result.string(row: row, column: column) }
    func integer(_ column: Int) -> Int64? { result.integer(row: row, column: column) }
    func json(_ column: Int) throws -> JSONValue? { try result.bytes(row: row, column: column).map { try JSONParser.parse($0) } }
}

/// A row of `COPY ... TO STDOUT` in text format, its escapes resolved.
struct CopyRow: StoredColumns {
    let fields: [[UInt8]?]

    func string(_ column: Int) -> String? { column < fields.count ? fields[column].map { String(decoding: $0, as: UTF8.self) } : nil }
    func integer(_ column: Int) -> Int64? { string(column).flatMap { Int64($0) } }
    func json(_ column: Int) throws -> JSONValue? { try (column < fields.count ? fields[column] : nil).map { try JSONParser.parse($0) } }
}
