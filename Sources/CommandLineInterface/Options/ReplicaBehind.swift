import OrderService

/// `--min-position` waited out `--wait-timeout`: the server read from does not show the position yet.
struct ReplicaBehind: Error, CustomStringConvertible {
    /// Where the read went, for the message.
    let location: String
    /// The position waited for.
    let position: Int64
    /// What the server showed at the last look.
    let visibility: PositionVisibility
    /// How long the read waited.
    let waitedSeconds: Double

    var description: String {
        let behind = position - visibility.lastPosition
        let shows = visibility.lastPosition == 0 ? "no event yet" : "events up to position \(visibility.lastPosition)"
        let waited = "after waiting \(Self.seconds(waitedSeconds))"
        guard let replay = visibility.secondsSinceLastReplay else {
            // A primary that does not show the position: it is not one of this log's, or not yet committed.
            return "the server at \(location) (a primary) shows \(shows), not position \(position), \(waited); "
                + "pass a position that submit printed, or a longer --wait-timeout"
        }
        let distance = behind > 0 ? "\(behind) position\(behind == 1 ? "" : "s") behind" : "behind (an older transaction is still being replayed)"
        return "the standby at \(location) is behind: it shows \(shows), \(distance) position \(position), \(waited); "
            + "it last replayed a commit \(Self.seconds(replay)) ago. Read from the primary, or pass a longer --wait-timeout"
    }

    /// Seconds as a person reads them: "1.5 s".
    private static func seconds(_ value: Double) -> String {
        value < 10 ? "\((value * 10).rounded() / 10) s" : "\(Int(value.rounded())) s"
    }
}
