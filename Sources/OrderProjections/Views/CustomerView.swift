import OrderDomain

/// What `query customer` shows: the customer's contact details, orders and what they add up to.
public struct CustomerView: Hashable, Sendable {
    /// The customer.
    public let customerID: CustomerID
    /// The registered customer's details (which say whether they were forgotten); nil for a guest, a
    /// customer known only from the orders that name them.
    public let contact: ContactView?
    /// Their orders, oldest first.
    public let orders: [OrderSummary]

    /// Creates the view over the customer's contact and order summaries.
    public init(customerID: CustomerID, contact: ContactView? = nil, orders: [OrderSummary]) {
        self.customerID = customerID
        self.contact = contact
        self.orders = orders
    }

    /// How many orders the customer placed, cancelled ones included.
    public var orderCount: Int { orders.count }

    /// The sum of the customer's orders per currency, cancelled orders left out (they will never be paid),
    /// in the order each currency first appears. Amounts cannot be added across currencies.
    public var totals: [Money] {
        var sums: [Currency: Int64] = [:]
        var currencies: [Currency] = []
        for order in orders where order.status != .cancelled {
            let currency = order.total.currency
            if sums[currency] == nil { currencies.append(currency) }
            // Saturate rather than trap: a customer's grand total is a report, not a balance, and each
            // order's total is already bounded by `decide`.
            let (sum, overflow) = (sums[currency] ?? 0).addingReportingOverflow(order.total.minorUnits)
            sums[currency] = overflow ? (order.total.minorUnits > 0 ? .max : .min) : sum
        }
        return currencies.map { Money(minorUnits: sums[$0] ?? 0, currency: $0) }
    }
}
