/// How writing several appends in one transaction ended when the database itself worked.
public enum BatchAppendOutcome: Sendable, Equatable {
    /// Committed together: each append's events as stored, in the order the appends were given.
    case appended([[RecordedEvent]])
    /// Nothing was written: another writer moved one of the streams or recorded one of the command ids,
    /// the database refused one of the rows, or the store cannot write appends together. Only handling
    /// the commands one by one tells which of them is affected; none of the others may suffer for it.
    case declined
}
