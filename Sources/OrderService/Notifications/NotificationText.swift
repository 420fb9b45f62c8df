import OrderDomain

/// The subject and plain-text body of a notification, in English.
///
/// Subjects are fixed texts around the order id: nothing a command carried (a tracking number, a
/// cancellation reason) goes into a header, only into the body, where it is text and nothing else.
/// Amounts are written as `query` writes them, in the currency's own minor unit, with its code.
public struct NotificationText: Sendable, Equatable {
    /// The `Subject`.
    public let subject: String
    /// The body, lines separated by LF (the formatter writes CRLF).
    public let body: String

    /// Renders `content` for a recipient addressed by `name`.
    public init(_ content: NotificationContent, name: PersonName) {
        let greeting = "Hello \(name.value),"
        switch content {
        case .welcome:
            subject = "Welcome"
            body = Self.lines([greeting, "", "thank you for registering. We will write to you here about your orders."])
        case let .orderConfirmation(orderID, lines, total):
            subject = "Your order \(orderID) is confirmed"
            let items = lines.map { line in
                "- \(line.quantity) × product \(line.product) at \(Self.amount(line.unitPrice)): \(Self.amount(line.subtotal))"
            }
            body = Self.lines([greeting, "", "we have confirmed your order \(orderID):", ""] + items + ["", "Total: \(Self.amount(total))"])
        case let .orderShipped(orderID, trackingNumber):
            subject = "Your order \(orderID) has shipped"
            body = Self.lines(
                [greeting, "", "your order \(orderID) is on its way."] + (trackingNumber.map { ["", "Tracking number: \($0)"] } ?? [])
            )
        case let .orderCancelled(orderID, reason):
            subject = "Your order \(orderID) was cancelled"
            body = Self.lines([greeting, "", "your order \(orderID) was cancelled."] + (reason.map { ["", "Reason: \($0)"] } ?? []))
        }
    }

    /// `19.99 EUR`, `1200 JPY`, `1.250 KWD`.
    static func amount(_ money: Money) -> String {
        "\(money.decimalString) \(money.currency.code)"
    }

    private static func lines(_ lines: [String]) -> String {
        lines.joined(separator: "\n") + "\n"
    }
}
