import OrderDomain
import OrderProjections

/// The port the command handler needs from storage. PostgreSQL implements it; so does an in-memory twin.
public protocol OrderEventStore: AnyObject {
    /// The stream's events in version order (empty for an order never placed).
    func events(in orderID: OrderID) throws -> [RecordedEvent]
    /// The record of an applied command, if that id was applied.
    func command(_ commandID: CommandID) throws -> CommandRecord?
    /// Writes the command record, the events and the read model atomically, under the version check.
    func append(_ append: StreamAppend) throws -> AppendOutcome
    /// The order's read model, if the order exists.
    func view(of orderID: OrderID) throws -> OrderView?
}
