/// What a session to the store is opened for, which decides the checks and limits it starts with.
public enum StoragePurpose: Sendable, Hashable {
    /// Everyday requests (submit, queries): the schema must be current, and the role's statement limit holds.
    case everyday
    /// Work whose statements last as long as the log is big (export, import, audits, projections): the
    /// schema must be current, and the statement limit is lifted for the session.
    case bulk
    /// Creating or upgrading the schema: no check, since there may be no schema yet.
    case schemaChange
}
