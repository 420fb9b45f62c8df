import JSONCoding

/// `submit` input lines for the notification scenarios, built as JSON values so that any text (line
/// breaks, quotes, non-ASCII) reaches orderctl exactly as the test means it.
enum CommandLines {
    static func register(_ customer: String, name: String, email: String) -> JSONValue {
        ["type": "RegisterCustomer", "customerId": .string(customer), "name": .string(name), "email": .string(email)]
    }

    static func changeEmail(of customer: String, to email: String) -> JSONValue {
        ["type": "ChangeContactInfo", "customerId": .string(customer), "email": .string(email)]
    }

    static func changeName(of customer: String, to name: String) -> JSONValue {
        ["type": "ChangeContactInfo", "customerId": .string(customer), "name": .string(name)]
    }

    static func place(_ order: String, by customer: String, currency: String = "EUR") -> JSONValue {
        ["type": "PlaceOrder", "orderId": .string(order), "customerId": .string(customer), "currency": .string(currency)]
    }

    static func add(_ product: String, quantity: Int, at unitPrice: String, to order: String) -> JSONValue {
        ["type": "AddItem", "orderId": .string(order), "productId": .string(product), "quantity": .integer(quantity), "unitPrice": .string(unitPrice)]
    }

    static func remove(_ product: String, quantity: Int, from order: String) -> JSONValue {
        ["type": "RemoveItem", "orderId": .string(order), "productId": .string(product), "quantity": .integer(quantity)]
    }

    static func confirm(_ order: String) -> JSONValue {
        ["type": "ConfirmOrder", "orderId": .string(order)]
    }

    static func ship(_ order: String, trackingNumber: String? = nil) -> JSONValue {
        var object: JSONObject = ["type": "ShipOrder", "orderId": .string(order)]
        if let trackingNumber { object["trackingNumber"] = .string(trackingNumber) }
        return .object(object)
    }

    static func deliver(_ order: String) -> JSONValue {
        ["type": "DeliverOrder", "orderId": .string(order)]
    }

    static func cancel(_ order: String, reason: String? = nil) -> JSONValue {
        var object: JSONObject = ["type": "CancelOrder", "orderId": .string(order)]
        if let reason { object["reason"] = .string(reason) }
        return .object(object)
    }

    /// An order placed, one product added and confirmed: the shortest way to an `order_confirmation`.
    static func confirmedOrder(_ order: String, by customer: String, product: String, quantity: Int = 1, at unitPrice: String = "10.00", currency: String = "EUR") -> [JSONValue] {
        [place(order, by: customer, currency: currency), add(product, quantity: quantity, at: unitPrice, to: order), confirm(order)]
    }
}
