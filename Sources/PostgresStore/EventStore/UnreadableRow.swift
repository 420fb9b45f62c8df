/// A stored row that cannot be read back: the table is damaged there (by hand, or by a bug). It is never
/// skipped: readers stop with it, and the audit reports it as a break at its position.
struct UnreadableRow: Error, CustomStringConvertible {
    /// The event's global position, when the row is an event whose position could be read.
    let position: Int64?
    /// Which row, in words ("an events row", "the streams row of 2f0c...").
    let row: String
    /// What is wrong with it.
    let problem: String
    /// What orderctl was doing.
    let context: String

    /// A row of `events` at `position`.
    init(position: Int64?, problem: String, context: String) {
        self.init(row: position.map { "the event at position \($0)" } ?? "an events row", position: position, problem: problem, context: context)
    }

    /// Any other stored row.
    init(row: String, position: Int64? = nil, problem: String, context: String) {
        self.position = position
        self.row = row
        self.problem = problem
        self.context = context
    }

    var description: String { "\(context): \(row) cannot be read: \(problem)" }
}
