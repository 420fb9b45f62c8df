import Foundation
import OrderDomain
import OrderProjections
import Testing

@Suite("Customer view")
struct CustomerViewTests {
    private let customer = CustomerID(UUID())

    private func summary(_ status: OrderStatus, _ minorUnits: Int64, _ currency: Currency) -> OrderSummary {
        OrderSummary(
            orderID: OrderID(UUID()), customerID: customer, status: status, total: Money(minorUnits: minorUnits, currency: currency),
            itemCount: 1, version: 2, placedAt: Timestamp(microsecondsSinceEpoch: 0), updatedAt: Timestamp(microsecondsSinceEpoch: 1)
        )
    }

    @Test("totals are per currency, in first-seen order, and leave cancelled orders out")
    func totals() {
        let view = CustomerView(customerID: customer, orders: [
            summary(.pending, 1_999, .eur), summary(.shipped, 1_200, .jpy), summary(.cancelled, 5_000, .eur), summary(.delivered, 1, .eur),
        ])
        #expect(view.orderCount == 4)
        #expect(view.totals == [Money(minorUnits: 2_000, currency: .eur), Money(minorUnits: 1_200, currency: .jpy)])
    }

    @Test("a customer whose orders are all cancelled has no totals")
    func allCancelled() {
        #expect(CustomerView(customerID: customer, orders: [summary(.cancelled, 10, .eur)]).totals.isEmpty)
    }

    @Test("a grand total beyond 64 bits saturates instead of trapping")
    func saturates() {
        let view = CustomerView(customerID: customer, orders: [summary(.pending, .max, .eur), summary(.pending, .max, .eur)])
        #expect(view.totals == [Money(minorUnits: .max, currency: .eur)])
    }
}
