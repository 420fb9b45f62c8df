/// A row of a query whose results came in binary format.
package struct QueryRow: StoredColumns {
    private let result: QueryResult
    private let row: Int

    /// Row `row` of `result`, valid while the result is.
    package init(result: QueryResult, row: Int) {
        self.result = result
        self.row = row
    }

    package func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8>? { result.bytes(row: row, column: column) }
}
