import JSONCoding
import OrderProjections

/// One order in a list (`query customer`, `query status`), as JSON and as a table.
enum OrderSummaryRendering {
    /// `orderId`, `customerId`, `status`, `currency`, `total`, `itemCount`, `version`, `placedAt`, `updatedAt`.
    static func json(_ summary: OrderSummary) -> JSONValue {
        .object([
            "orderId": .string(summary.orderID.description),
            "customerId": .string(summary.customerID.description),
            "status": .string(summary.status.rawValue),
            "currency": .string(summary.total.currency.code),
            "total": .string(summary.total.decimalString),
            "itemCount": .integer(summary.itemCount),
            "version": .integer(summary.version),
            "placedAt": .string(summary.placedAt.description),
            "updatedAt": .string(summary.updatedAt.description),
        ])
    }

    /// An aligned table of orders.
    static func table(_ summaries: [OrderSummary]) -> TextTable {
        TextTable(
            columns: [.text("order"), .text("customer"), .text("status"), .figure("items"), .figure("total"), .text(""), .text("updated")],
            rows: summaries.map { summary in
                [
                    summary.orderID.description, summary.customerID.description, summary.status.rawValue, String(summary.itemCount),
                    summary.total.decimalString, summary.total.currency.code, summary.updatedAt.description,
                ]
            }
        )
    }
}
