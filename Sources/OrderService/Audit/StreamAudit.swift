import Hashing
import OrderDomain

/// Checks one stream's stored events against its hash chain; pure, so it is tested without a database.
public enum StreamAudit {
    /// The first break in a stream, or nil when every version from 1 up is present and every link holds.
    ///
    /// - Parameters:
    ///   - links: the stream's stored events in stored version order.
    ///   - recordedVersion: the version the store's stream record claims, which exposes events removed
    ///     from the end (nil when there is no such record).
    public static func firstBreak(of orderID: OrderID, in links: [ChainLink], recordedVersion: Int?) -> ChainBreak? {
        var previous = EventChain.genesis
        for (index, link) in links.enumerated() {
            let version = index + 1
            guard link.event.version == version else {
                return ChainBreak(
                    orderID: orderID, version: version, kind: .missing,
                    detail: "version \(version) is missing: the stream goes from version \(version - 1) to \(link.event.version)"
                )
            }
            if let stored = link.storedHash, EventChain.link(of: link.event, after: previous) == stored {
                previous = stored
                continue
            }
            // Is the event that belongs here stored elsewhere in the stream? Then history was reordered, not rewritten.
            if let moved = links[(index + 1)...].first(where: { candidate in
                candidate.storedHash.map { EventChain.link(of: candidate.event.at(version: version), after: previous) == $0 } ?? false
            }) {
                return ChainBreak(
                    orderID: orderID, version: version, kind: .reordered,
                    detail: "event \(moved.event.eventID), chained at version \(version), is stored at version \(moved.event.version); "
                        + "event \(link.event.eventID) took its place"
                )
            }
            let detail = link.storedHash == nil
                ? "event \(link.event.eventID) at version \(version) has no hash: it was never sealed (run `orderctl migrate`)"
                : "event \(link.event.eventID) at version \(version) does not match its hash: a field was changed after it was written"
            return ChainBreak(orderID: orderID, version: version, kind: .changed, detail: detail)
        }
        if let recordedVersion, recordedVersion > links.count {
            return ChainBreak(
                orderID: orderID, version: links.count + 1, kind: .missing,
                detail: "the stream records version \(recordedVersion) but its events end at version \(links.count)"
            )
        }
        return nil
    }
}
