
/// Where a rebuild stands, for the progress display.
public struct RebuildProgress: Hashable, Sendable {
    /// What the rebuild is doing.
    public enum Phase: String, Sendable, Hashable {
        /// Projecting the log into the new table.
        case building
        /// Built up to an open transaction, waiting for it to end: events committed before the rebuild began
        /// sit behind it, and the verification must cover all of them.
        case waiting
        /// Comparing the new table with the log (`ProjectionVerification`).
        case verifying
        /// Projecting what writers added while the verification ran.
        case catchingUp
        /// Catching up the last events and making the new table live.
        case switching
        /// Live.
        case done
    }

    /// The read model.
    public let readModel: ReadModel
    /// The phase.
    public let phase: Phase
    /// Events projected so far.
    public let eventsDone: Int
    /// Events to project, as measured when the rebuild began (writers keep adding more).
    public let eventsTotal: Int
    /// While waiting: the oldest open transaction, when this role may see it.
    public let blockingTransaction: OpenTransaction?

    /// Creates a progress report.
    public init(readModel: ReadModel, phase: Phase, eventsDone: Int, eventsTotal: Int, blockingTransaction: OpenTransaction? = nil) {
        self.readModel = readModel
        self.phase = phase
        self.eventsDone = eventsDone
        self.eventsTotal = eventsTotal
        self.blockingTransaction = blockingTransaction
    }
}
