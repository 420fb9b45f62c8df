import JSONCoding
import OrderProjections

/// `query customer` output.
enum CustomerViewRendering {
    /// `customerId`, `orderCount`, `totals` (currency code to amount, cancelled orders left out), `orders`.
    static func json(_ customer: CustomerView) -> JSONValue {
        var totals = JSONObject()
        for total in customer.totals {
            totals[total.currency.code] = .string(total.decimalString)
        }
        return .object([
            "customerId": .string(customer.customerID.description),
            "orderCount": .integer(customer.orderCount),
            "totals": .object(totals),
            "orders": .array(customer.orders.map(OrderSummaryRendering.json)),
        ])
    }

    /// A heading with the totals, then the orders.
    static func text(_ customer: CustomerView) -> String {
        let totals = customer.totals.map { "\($0.decimalString) \($0.currency.code)" }.joined(separator: ", ")
        let heading = TextTable(
            columns: [.text("customer"), .text(customer.customerID.description)],
            rows: [["orders", String(customer.orderCount)], ["totals", totals.isEmpty ? "none (every order cancelled)" : totals + " (cancelled orders left out)"]]
        )
        return heading.rendered + "\n\n" + OrderSummaryRendering.table(customer.orders).rendered
    }
}
