import JSONCoding
import OrderProjections

/// The order read model in the contract's `query order` shape, and as text.
enum OrderViewRendering {
    /// `orderId`, `customerId`, `status`, `currency`, `items`, `total`, then `itemCount` when the live
    /// read model has it (version 2), then `version`, `placedAt`, `updatedAt`.
    static func json(_ view: OrderView, itemCount: Int? = nil) -> JSONValue {
        var object: JSONObject = [
            "orderId": .string(view.orderID.description),
            "customerId": .string(view.order.customer.description),
            "status": .string(view.order.status.rawValue),
            "currency": .string(view.order.currency.code),
            "items": .array(view.order.lines.map { line in
                .object([
                    "productId": .string(line.product.description),
                    "quantity": .integer(line.quantity),
                    "unitPrice": .string(line.unitPrice.decimalString),
                    "subtotal": .string(line.subtotal.decimalString),
                ])
            }),
            "total": .string(view.order.total.decimalString),
        ]
        if let itemCount { object["itemCount"] = .integer(itemCount) }
        object["version"] = .integer(view.version)
        object["placedAt"] = .string(view.placedAt.description)
        object["updatedAt"] = .string(view.updatedAt.description)
        return .object(object)
    }

    /// A heading block and an aligned table of the lines.
    static func text(_ view: OrderView, itemCount: Int? = nil) -> String {
        let heading = TextTable(
            columns: [.text("order"), .text(view.orderID.description)],
            rows: [
                ["customer", view.order.customer.description],
                ["status", view.order.status.rawValue],
                ["placed", view.placedAt.description],
                ["updated", "\(view.updatedAt.description) (version \(view.version))"],
            ] + (itemCount.map { [["items", String($0)]] } ?? [])
        )
        let currency = view.order.currency.code
        let lines = TextTable(
            columns: [.text("product"), .figure("quantity"), .figure("unit price"), .figure("subtotal"), .text("")],
            rows: view.order.lines.map { line in
                [line.product.description, String(line.quantity), line.unitPrice.decimalString, line.subtotal.decimalString, currency]
            } + [["total", "", "", view.order.total.decimalString, currency]]
        )
        return heading.rendered + "\n\n" + lines.rendered
    }
}
