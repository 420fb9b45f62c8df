import JSONCoding
import OrderDomain
import OrderProjections

/// The order view a snapshot keeps, as JSON, and back.
///
/// Its own shape rather than the read model's: read models change with their versions, a snapshot's
/// shape only with `format`, and a snapshot of another format is ignored rather than misread.
public enum StreamSnapshotCodec {
    /// The shape `encode` writes, and the fold that made it: raise it when either changes (a new field,
    /// a change to `OrderState.evolve` or to an upcaster), so that older snapshots are ignored and
    /// streams folded again from their first event.
    public static let format = 1

    /// The view as a JSON object.
    public static func encode(_ view: OrderView) -> JSONObject {
        var state = JSONObject()
        state["customerId"] = .string(view.order.customer.description)
        state["currency"] = .string(view.order.currency.code)
        state["status"] = .string(view.order.status.rawValue)
        state["lines"] = .array(view.order.lines.map { line in
            .object(["productId": .string(line.product.description), "quantity": .integer(line.quantity), "unitPriceMinorUnits": .integer(line.unitPrice.minorUnits)])
        })
        state["placedAt"] = .string(view.placedAt.description)
        state["updatedAt"] = .string(view.updatedAt.description)
        return state
    }

    /// The view `encode` wrote, for the order at `version`; nil for anything malformed.
    public static func decode(_ state: JSONObject, orderID: OrderID, version: Int) -> OrderView? {
        guard let customer = state["customerId"]?.stringValue.flatMap(CustomerID.init),
              let currency = state["currency"]?.stringValue.flatMap(Currency.init(code:)),
              let status = state["status"]?.stringValue.flatMap(OrderStatus.init(rawValue:)),
              case let .array(encodedLines)? = state["lines"],
              let placedAt = state["placedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let updatedAt = state["updatedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
        else { return nil }
        var lines: [OrderLine] = []
        for encoded in encodedLines {
            guard case let .object(line) = encoded,
                  let product = line["productId"]?.stringValue.flatMap(ProductID.init),
                  let quantity = line["quantity"]?.exactInteger.flatMap(Int.init(exactly:)), quantity >= 1,
                  let unitPrice = line["unitPriceMinorUnits"]?.exactInteger
            else { return nil }
            lines.append(OrderLine(product: product, quantity: quantity, unitPrice: Money(minorUnits: unitPrice, currency: currency)))
        }
        let order = Order(customer: customer, currency: currency, status: status, lines: lines)
        return OrderView(orderID: orderID, order: order, version: version, placedAt: placedAt, updatedAt: updatedAt)
    }
}
