/// The read models orderctl keeps, each a projection of the event log with a declared version.
///
/// A projection's version names the shape of its rows. Changing what a row holds means a new version,
/// which `projections rebuild` builds into new tables while the old version keeps serving.
public enum ReadModel: String, CaseIterable, Sendable, Hashable {
    /// One row per order with its lines: what `query order` shows.
    case orders
    /// One summary row per order, indexed by customer: what `query customer` shows.
    case customers
    /// One summary row per order, indexed by status: what `query status` shows.
    case statuses

    /// The version this build of orderctl builds.
    ///
    /// `orders` 1 is the shape orderctl's first release wrote (table `order_views`); 2 adds the item count.
    public var currentVersion: Int {
        switch self {
        case .orders: 2
        case .customers: 1
        case .statuses: 1
        }
    }

    /// Every version whose rows this build can still write. An upgraded writer keeps the live tables of
    /// an older version right until `projections rebuild` switches to the current one.
    public var maintainableVersions: ClosedRange<Int> {
        switch self {
        case .orders: 1...2
        case .customers: 1...1
        case .statuses: 1...1
        }
    }

    /// The read model by its name as the CLI and the registry spell it.
    public init?(name: String) {
        self.init(rawValue: name)
    }

    /// Its name as the CLI and the registry spell it.
    public var name: String { rawValue }
}
