/// A row of a query whose results came in binary format.
struct QueryRow: StoredColumns {
    let result: QueryResult
    let row: Int

    func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8>? { result.bytes(row: row, column: column) }
}
