/// Which server of those an address names a session may use.
public enum StorageAccess: Sendable, Hashable {
    /// One that accepts writes: of several hosts, the primary, unless the address says otherwise.
    case writing
    /// Whichever answers first, in the address's order (a standby reads as well as a primary).
    case reading
}
