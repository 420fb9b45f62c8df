/// How far a projection has read the log, in gap-safe commit order.
///
/// Every event whose (transaction id, global position) is at or below the pair has been projected.
/// Global positions alone are not enough: they are drawn before commit, so a low position can become
/// visible after a higher one. Transaction ids below the oldest running transaction are all settled.
public struct ProjectionCheckpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The writing transaction's id (PostgreSQL `xid8`).
    public let transactionID: UInt64
    /// The event's global position within that transaction.
    public let position: Int64

    /// Creates a checkpoint.
    public init(transactionID: UInt64, position: Int64) {
        self.transactionID = transactionID
        self.position = position
    }

    /// Before the first event.
    public static let beginning = ProjectionCheckpoint(transactionID: 0, position: 0)

    public static func < (left: ProjectionCheckpoint, right: ProjectionCheckpoint) -> Bool {
        (left.transactionID, left.position) < (right.transactionID, right.position)
    }

    /// `transaction/position`, as `projections status` prints it.
    public var description: String { "\(transactionID)/\(position)" }
}
