/// What one preparation batch did.
public enum PreparationOutcome: Sendable, Hashable {
    /// Events were read, their notifications recorded and the checkpoint moved past them, in one
    /// transaction.
    /// `pending` are to be sent, `skipped` never will be, `unsendable` went dead at once (a message that
    /// cannot be written).
    case prepared(events: Int, pending: Int, skipped: Int, unsendable: Int)
    /// Nothing settled lies past the checkpoint (events may wait behind an open transaction).
    case caughtUp
    /// Another runner is preparing now; its work will show.
    case busy
}
