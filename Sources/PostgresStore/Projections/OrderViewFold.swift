import PostgresClient
import OrderDomain
import OrderProjections
import OrderService

/// Folds stored rows arriving stream after stream, each in version order, into one order view per stream,
/// holding only the stream at hand: the bulk build streams the whole log through it.
///
/// Every view starts from its stream's first event, never from a stored row, so a row can never carry
/// a mistake forward. A stream whose order was never placed, or that is a customer's, gives no view.
struct OrderViewFold {
    private var reader = StoredStreamReader()
    private var currentStream: (orderID: OrderID, view: OrderView?, isCustomers: Bool)?

    /// Takes the next row (selected with `StoredEventRow.foldedColumns`). Returns the finished view of the
    /// stream before when the row starts another.
    mutating func add(_ row: some StoredColumns, context: String) throws -> OrderView? {
        let (orderID, version, type, schemaVersion, payload, occurredAt) = try StoredEventRow.foldedFields(row, context: context)
        var finished: OrderView?
        if let current = currentStream, current.orderID != orderID {
            finished = current.view
            currentStream = nil
        }
        // A stream holds one kind of event, so its first says whose it is: a customer's stream has no order
        // view, and its events pass by unread (their details are sealed). Looked at once per stream, not
        // per event, since a rebuild folds the whole log.
        let current = currentStream ?? (orderID, nil, CustomerEvent.Kind(rawValue: type) != nil)
        guard !current.isCustomers else {
            currentStream = current
            return finished
        }
        // Read in place from the stored text (parsing every payload into values was a sixth of the bulk
        // pass's client time); anything else is parsed, as before, and says what is wrong with it.
        let event = try reader.eventInPlace(type: type, schemaVersion: schemaVersion, payload: payload, in: orderID)
            ?? reader.event(
                try StoredEventRow.foldedEncodedEvent(row, orderID: orderID, version: version, type: type, schemaVersion: schemaVersion, context: context),
                in: orderID
            )
        currentStream = (orderID, OrderView.evolve(current.view, orderID: orderID, with: event, version: version, occurredAt: occurredAt), false)
        return finished
    }

    /// The view of the last stream, once every row is in.
    mutating func finish() -> OrderView? {
        defer { currentStream = nil }
        return currentStream?.view
    }
}
