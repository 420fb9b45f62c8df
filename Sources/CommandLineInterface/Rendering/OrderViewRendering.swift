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
        var repeated = OrderViewRepeatedTexts()
        write(view, itemCount: itemCount, repeating: &repeated, into: &writer)
    }

    /// `write` for one of many states of the same order (a replay's): the texts that stay the same from
    /// state to state are printed once and copied after.
    static func write(_ view: OrderView, itemCount: Int?, repeating repeated: inout OrderViewRepeatedTexts, into writer: inout JSONTextWriter) {
        writer.writeRaw("{\"orderId\":")
        repeated.orderID.write(view.orderID, into: &writer)
        writer.writeRaw(",\"customerId\":")
        repeated.customer.write(view.order.customer, into: &writer)
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
            line.unitPrice.withDecimalText { writer.writeUnescapedString(utf8: $0) }
            writer.writeRaw(",\"subtotal\":")
            line.subtotal.withDecimalText { writer.writeUnescapedString(utf8: $0) }
            writer.writeRaw("}")
        }
        writer.writeRaw("],\"total\":")
        view.order.total.withDecimalText { writer.writeUnescapedString(utf8: $0) }
        if let itemCount {
            writer.writeRaw(",\"itemCount\":")
            writer.writeInteger(itemCount)
        }
        writer.writeRaw(",\"version\":")
        writer.writeInteger(view.version)
        writer.writeRaw(",\"placedAt\":")
        repeated.placedAt.write(view.placedAt, into: &writer)
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
