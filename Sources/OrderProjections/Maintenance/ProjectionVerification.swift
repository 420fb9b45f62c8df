/// Compares a built table with the log up to its checkpoint.
///
/// A table filled batch by batch in commit order, partly while writers ran, is compared row for row with
/// a fresh fold that reads the log stream by stream. A table whose first pass was the bulk build (itself
/// such a fold, up to its head) is compared in two parts: every row's version with the newest version
/// PostgreSQL counts in the log for its stream (nothing skipped or applied twice), and every row the
/// commit-order catch-up touched after the head with a fresh fold, row for row. Folding the bulk rows a
/// second time with the same code would only repeat the bulk build.
public struct ProjectionVerification: Hashable, Sendable {
    /// Rows in the built table.
    public let rows: Int
    /// Rows the fresh fold produced.
    public let expectedRows: Int
    /// Rows present on one side and not the other (a changed row counts twice).
    public let differingRows: Int
    /// The checkpoint both sides stand at.
    public let checkpoint: ProjectionCheckpoint

    /// Whether the table is exactly the fold.
    public var matches: Bool { rows == expectedRows && differingRows == 0 }

    /// Records a comparison.
    public init(rows: Int, expectedRows: Int, differingRows: Int, checkpoint: ProjectionCheckpoint) {
        self.rows = rows
        self.expectedRows = expectedRows
        self.differingRows = differingRows
        self.checkpoint = checkpoint
    }
}
