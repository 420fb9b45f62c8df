import OrderDomain

/// The texts in an order's `query order` JSON that stay the same from one state of the order to the
/// next, kept across the states a replay writes (`OrderViewRendering.write(_:itemCount:repeating:into:)`).
struct OrderViewRepeatedTexts {
    var orderID = RepeatedText<OrderID>()
    var customer = RepeatedText<CustomerID>()
    var placedAt = RepeatedText<Timestamp>()
}
