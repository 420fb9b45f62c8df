import PostgresClient
import OrderProjections

/// One column of a projection table: its name, its SQL type and how an order's view fills it.
struct ProjectionColumn: Sendable {
    /// The column name.
    let name: String
    /// The SQL type, as written in `CREATE TABLE` and in the `unnest` cast.
    let type: String
    /// The value for one order, in PostgreSQL's text form.
    let value: @Sendable (OrderView) -> String
    /// The same value as a field of binary COPY (`BinaryCopyField`), appended: the bulk build's form.
    let binaryValue: @Sendable (OrderView, inout [UInt8]) -> Void
}

extension ProjectionColumn {
    /// The array element type of `type`, for sending a batch's values of this column in binary form.
    var binaryElementType: BinaryArrayParameter.ElementType {
        switch type {
        case "uuid": .uuid
        case "text": .text
        case "jsonb": .jsonb
        case "bigint": .bigint
        case "integer": .integer
        case "timestamptz": .timestamptz
        default: preconditionFailure("projection column \(name) has type \(type), which has no binary array element type here")
        }
    }
}
