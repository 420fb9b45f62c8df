import OrderDomain
import OrderService

/// Why a line is `invalid`: its own shape is wrong, before any business rule is asked.
public struct LineFailure: Error, Equatable, Sendable {
    /// The documented `invalid` codes.
    public enum Code: String, Sendable {
        case malformedJSON = "malformed_json"
        case unknownCommand = "unknown_command"
        case missingField = "missing_field"
        case invalidField = "invalid_field"
        case lineTooLong = "line_too_long"
    }

    /// The code.
    public let code: Code
    /// What is wrong, naming the field and why.
    public let message: String
    /// The field concerned, for `missing_field` and `invalid_field`.
    public let field: String?
    /// The command id, when the line carried a valid one.
    public var commandID: CommandID?
    /// The order id, when an order command's line carried a valid one.
    public var orderID: OrderID?
    /// The customer id, when a customer command's line carried a valid one: the stream the line was
    /// about, so a sender can tell which of its customers the answer concerns.
    public var customerID: CustomerID?

    /// Creates a failure.
    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }
}
