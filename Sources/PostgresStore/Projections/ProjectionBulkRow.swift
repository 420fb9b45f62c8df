import OrderProjections

/// One order view's fields in binary COPY form (`BinaryCopyField`), each encoded once, for every table a
/// bulk pass fills: the read models share most columns, and rendering them per table tripled that work.
struct ProjectionBulkRow {
    /// Every column any of the tables has, each once, in the order first met.
    let columns: [ProjectionColumn]
    private(set) var bytes: [UInt8] = []
    private(set) var fields: [Range<Int>] = []

    /// The union of the tables' columns, by name (a name means the same value in every read model).
    init(tables: [ProjectionTable]) {
        var seen = Set<String>()
        var columns: [ProjectionColumn] = []
        for column in tables.flatMap(\.columns) where seen.insert(column.name).inserted { columns.append(column) }
        self.columns = columns
        fields.reserveCapacity(columns.count)
    }

    /// Where each of `table`'s columns is in `columns`.
    func indexes(of table: ProjectionTable) -> [Int] {
        table.columns.map { column in columns.firstIndex { $0.name == column.name }! }
    }

    /// Encodes the fields of `view` (each with its length), replacing the previous view's.
    mutating func fill(_ view: OrderView) {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        for column in columns {
            let start = bytes.count
            column.binaryValue(view, &bytes)
            fields.append(start..<bytes.count)
        }
    }
}
