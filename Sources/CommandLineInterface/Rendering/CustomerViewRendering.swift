import JSONCoding
import OrderProjections
import OrderService

/// `query customer` output.
enum CustomerViewRendering {
    /// `customerId`, `contact` (null for a guest or a forgotten customer), `forgotten`, `orderCount`,
    /// `totals` (currency code to amount, cancelled orders left out), `orders`.
    static func json(_ customer: CustomerView) -> JSONValue {
        var totals = JSONObject()
        for total in customer.totals {
            totals[total.currency.code] = .string(total.decimalString)
        }
        return .object([
            "customerId": .string(customer.customerID.description),
            "contact": customer.contact?.contact.map(ContactDocument.json) ?? .null,
            "forgotten": .bool(customer.contact?.isForgotten ?? false),
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
            rows: contactRows(customer.contact) + [
                ["orders", String(customer.orderCount)],
                ["totals", totals.isEmpty ? "none (no orders, or every order cancelled)" : totals + " (cancelled orders left out)"],
            ]
        )
        return heading.rendered + "\n\n" + OrderSummaryRendering.table(customer.orders).rendered
    }

    /// The contact as table rows: each field, or one line saying there is none or it was forgotten.
    private static func contactRows(_ view: ContactView?) -> [[String]] {
        guard let view else { return [["contact", "none (a guest: never registered)"]] }
        guard let contact = view.contact else { return [["contact", "forgotten (personal data erased)"]] }
        var rows = [["name", contact.name.value], ["email", contact.email.value]]
        if let phone = contact.phone { rows.append(["phone", phone.value]) }
        if let address = contact.address {
            rows.append(["address", "\(address.street), \(address.postalCode) \(address.city), \(address.country.rawValue)"])
        }
        return rows
    }
}
