import JSONCoding
import OrderProjections

/// The order read model in the contract's `query order` shape.
enum OrderViewRendering {
    /// `orderId`, `customerId`, `status`, `currency`, `items`, `total`, `version`, `placedAt`, `updatedAt`.
    static func json(_ view: OrderView) -> JSONValue {
        .object([
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
            "version": .integer(view.version),
            "placedAt": .string(view.placedAt.description),
            "updatedAt": .string(view.updatedAt.description),
        ])
    }
}
