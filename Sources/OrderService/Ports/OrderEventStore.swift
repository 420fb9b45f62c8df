import OrderDomain
import OrderProjections

/// The port the command handler needs from storage. PostgreSQL implements it; so does an in-memory twin.
///
/// The plural reads and `append(together:)` let the handler decide a batch of commands with a few round
/// trips instead of a few per command; `head(of:)` and `heads(at:)` let a store skip folding a long
/// stream from its start. Their defaults fall back on the one-at-a-time members, so a store
/// that cannot do better (a test double) still works: it declines to write appends together.
public protocol OrderEventStore: AnyObject {
    /// The stream's events in version order (empty for an order never placed).
    func events(in orderID: OrderID) throws -> [RecordedEvent]
    /// The record of an applied command, if that id was applied.
    func command(_ commandID: CommandID) throws -> CommandRecord?
    /// Writes the command record, the events and the read model atomically, under the version check.
    func append(_ append: StreamAppend) throws -> AppendOutcome
    /// The order's read model, if the order exists.
    func view(of orderID: OrderID) throws -> OrderView?

    /// The committed version of each of these streams; a stream never written is absent.
    func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int]
    /// The records of whichever of these command ids were applied.
    func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord]
    /// Several streams' events, each in version order; a stream never written is absent.
    func events(in orderIDs: [OrderID]) throws -> [OrderID: [RecordedEvent]]
    /// Writes several appends in one transaction, all or nothing, each under its version check. Appends to
    /// the same stream follow one another: the second expects the version the first produces.
    func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome

    /// The head of a stream as committed now: what deciding its next command needs.
    func head(of orderID: OrderID) throws -> StreamHead
    /// The head of each stream at the given version (0: never written). A store may start from a
    /// snapshot rather than fold every event; the head is the same.
    func heads(at versions: [OrderID: Int]) throws -> [OrderID: StreamHead]
}

extension OrderEventStore {
    public func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int] {
        var versions: [OrderID: Int] = [:]
        for orderID in orderIDs {
            if let last = try events(in: orderID).last { versions[orderID] = last.version }
        }
        return versions
    }

    public func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] {
        var records: [CommandID: CommandRecord] = [:]
        for commandID in commandIDs {
            records[commandID] = try command(commandID)
        }
        return records
    }

    public func events(in orderIDs: [OrderID]) throws -> [OrderID: [RecordedEvent]] {
        var streams: [OrderID: [RecordedEvent]] = [:]
        for orderID in orderIDs {
            let history = try events(in: orderID)
            if !history.isEmpty { streams[orderID] = history }
        }
        return streams
    }

    public func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        .declined
    }

    public func head(of orderID: OrderID) throws -> StreamHead {
        StreamHead(folding: try events(in: orderID))
    }

    public func heads(at versions: [OrderID: Int]) throws -> [OrderID: StreamHead] {
        let histories = try events(in: versions.keys.filter { versions[$0] != 0 })
        return versions.reduce(into: [:]) { heads, entry in
            heads[entry.key] = StreamHead(folding: (histories[entry.key] ?? []).prefix { $0.version <= entry.value })
        }
    }
}
