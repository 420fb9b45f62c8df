import JSONCoding
import OrderProjections

/// The order read model in the documented `query order` shape, and as text.
enum OrderViewRendering {
    /// `orderId`, `customerId`, `status`, `currency`, `items`, `total`, then `itemCount` when the live
    /// read model has it (version 2), then `version`, `placedAt`, `updatedAt`: what `write` writes, read
    /// back (the writer is the one definition of the shape).
    static func json(_ view: OrderView, itemCount: Int? = nil) -> JSONValue {
        var writer = JSONTextWriter()
        write(view, itemCount: itemCount, into: &writer)
        guard let value = try? JSONParser.parse(writer.output) else { preconditionFailure("an order view's own text does not parse") }
        return value
    }

    /// Writes the object compactly straight into `writer`: a replay writes one per event, and building a
    /// JSON value for each was a third of a long replay.
    static func write(_ view: OrderView, itemCount: Int? = nil, into writer: inout JSONTextWriter) {
        writer.writeRaw("{\"orderId\":")
        view.orderID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"customerId\":")
        view.order.customer.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"status\":")
        writer.writeString(view.order.status.rawValue)
        writer.writeRaw(",\"currency\":")
        writer.writeString(view.order.currency.code)
        writer.writeRaw(",\"items\":[")
        for (index, line) in view.order.lines.enumerated() {
            writer.writeRaw(index == 0 ? "{\"productId\":" : ",{\"productId\":")
            line.product.withText { writer.writeUnescapedString(utf8: $0) }
            writer.writeRaw(",\"quantity\":")
            writer.writeInteger(line.quantity)
            writer.writeRaw(",\"unitPrice\":")
            writer.writeString(line.unitPrice.decimalString)
            writer.writeRaw(",\"subtotal\":")
            writer.writeString(line.subtotal.decimalString)
            writer.writeRaw("}")
        }
        writer.writeRaw("],\"total\":")
        writer.writeString(view.order.total.decimalString)
        if let itemCount {
            writer.writeRaw(",\"itemCount\":")
            writer.writeInteger(itemCount)
        }
        writer.writeRaw(",\"version\":")
        writer.writeInteger(view.version)
        writer.writeRaw(",\"placedAt\":")
        view.placedAt.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"updatedAt\":")
        view.updatedAt.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw("}")
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
