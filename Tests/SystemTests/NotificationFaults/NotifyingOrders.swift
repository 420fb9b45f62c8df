import Foundation
import Testing

/// Customers who each get three notifications: registered (welcome), one order confirmed (confirmation)
/// and shipped (shipping). Every recipient carries `mark`, so a test finds its own messages in a Maildir
/// that parallel tests share.
struct NotifyingOrders {
    /// In every recipient address: `nf-MARK-INDEX@example.com`.
    let mark: String
    let customers: [String]
    let orders: [String]

    init(count: Int) {
        mark = String(UUID().uuidString.lowercased().prefix(8))
        customers = (0..<count).map { _ in UUID().uuidString.lowercased() }
        orders = (0..<count).map { _ in UUID().uuidString.lowercased() }
    }

    var count: Int { customers.count }
    /// Three per customer.
    var notificationCount: Int { 3 * count }

    func recipient(_ index: Int) -> String { "nf-\(mark)-\(index)@example.com" }

    /// Registration, placement, an item and the confirmation of each customer in `indices`; their
    /// shipment too unless `shipping` is false.
    func lines(_ indices: Range<Int>, shipping: Bool = true) -> [String] {
        indices.flatMap { index in
            let (customer, order) = (customers[index], orders[index])
            return [
                #"{"type":"RegisterCustomer","customerId":"\#(customer)","name":"Kundin \#(index)","email":"\#(recipient(index))"}"#,
                #"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(customer)","currency":"EUR"}"#,
                #"{"type":"AddItem","orderId":"\#(order)","productId":"0b000000-0000-4000-8000-000000000001","quantity":2,"unitPrice":"4.50"}"#,
                #"{"type":"ConfirmOrder","orderId":"\#(order)"}"#,
            ] + (shipping ? [shipment(index)] : [])
        }
    }

    func shipment(_ index: Int) -> String {
        #"{"type":"ShipOrder","orderId":"\#(orders[index])","trackingNumber":"NF\#(index)"}"#
    }

    /// `orderctl submit` of `lines`; records an issue unless every line is accepted.
    static func submit(_ lines: [String], to url: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try OrderctlProcess.run(["submit", "--database-url", url], input: Data((lines.joined(separator: "\n") + "\n").utf8), hangLimitSeconds: 120)
        #expect(outcome.status == 0, "submit: \(outcome.standardError.suffix(600))", sourceLocation: sourceLocation)
    }
}
