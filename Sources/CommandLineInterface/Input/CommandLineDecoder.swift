import JSONCoding
import OrderDomain
import OrderService

/// Turns one JSON line into a command envelope, or says exactly what is wrong with the line.
///
/// Fields are checked in a fixed order (type, orderId, commandId, expectedVersion, metadata, the
/// command's own fields in the documented order, then unknown fields) so the first problem reported
/// is always the same for the same line.
public struct CommandLineDecoder: Sendable {
    private let makeCommandID: @Sendable () -> CommandID

    /// The highest `expectedVersion` or removal quantity a line may carry: any value is a fair question
    /// ("is the order at version 5 billion?"), and the handler answers it with a conflict or a rejection.
    static let largestInteger = Int64.max
    /// The longest free-text field (tracking number, reason), in characters.
    public static let maximumTextLength = 1000

    /// Creates a decoder; `makeCommandID` supplies ids for lines that carry none.
    public init(makeCommandID: @escaping @Sendable () -> CommandID) {
        self.makeCommandID = makeCommandID
    }

    /// Decodes one line's bytes (without its newline).
    public func decode(_ bytes: [UInt8]) -> Result<CommandEnvelope, LineFailure> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return .failure(LineFailure(.malformedJSON, "the line is not valid JSON: \(error.description)"))
        }
        guard case let .object(object) = value else {
            return .failure(LineFailure(.malformedJSON, "the line must be a JSON object, not \(Self.describe(value))"))
        }
        var fields = FieldReader(object: object)
        do throws(LineFailure) {
            let envelope = try decodeEnvelope(&fields)
            // Last, because it is the rarest problem: a value the line may hold but PostgreSQL cannot.
            for member in object.members {
                if let problem = StorableJSON.problem(in: member.value) {
                    throw LineFailure(.invalidField, "\(member.key) \(problem)", field: member.key)
                }
            }
            return .success(envelope)
        } catch var failure {
            // Say which command and order the bad line was about, when that much was readable.
            failure.orderID = object["orderId"]?.stringValue.flatMap(OrderID.init)
            failure.commandID = object["commandId"]?.stringValue.flatMap(CommandID.init)
            return .failure(failure)
        }
    }

    private func decodeEnvelope(_ fields: inout FieldReader) throws(LineFailure) -> CommandEnvelope {
        let typeName = try fields.requiredString("type")
        guard let kind = OrderCommand.Kind(rawValue: typeName) else {
            let known = OrderCommand.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw LineFailure(.unknownCommand, "unknown command type \(Self.quote(typeName)); expected one of \(known)", field: "type")
        }
        let orderID: OrderID = try fields.requiredIdentifier("orderId")
        let commandID: CommandID = try fields.optionalIdentifier("commandId") ?? makeCommandID()
        let expectedVersion = try fields.optionalInteger("expectedVersion", in: 0...Self.largestInteger)
        let metadata = try fields.optionalObject("metadata") ?? JSONObject()
        if metadata["commandId"] != nil {
            throw LineFailure(.invalidField, "metadata must not carry commandId: orderctl sets it from the command's own commandId", field: "metadata")
        }
        let command = try decodeCommand(kind, &fields)
        if let unknown = fields.unreadKeys.first {
            let known = fields.readKeys.map(Self.quote).joined(separator: ", ")
            throw LineFailure(.invalidField, "field \(Self.quote(unknown)) is not known for \(kind.rawValue), which takes \(known)", field: unknown)
        }
        return CommandEnvelope(
            commandID: commandID, orderID: orderID, command: command, expectedVersion: expectedVersion.map { Int($0) }, metadata: metadata
        )
    }

    private func decodeCommand(_ kind: OrderCommand.Kind, _ fields: inout FieldReader) throws(LineFailure) -> OrderCommand {
        switch kind {
        case .placeOrder:
            return .placeOrder(customer: try fields.requiredIdentifier("customerId"), currency: try fields.requiredCurrency("currency"))
        case .addItem:
            let product: ProductID = try fields.requiredIdentifier("productId")
            let quantity = try fields.requiredInteger("quantity", in: 1...10_000)
            let unitPrice = try fields.requiredDecimal("unitPrice")
            let currency = try fields.optionalCurrency("currency")
            return .addItem(product: product, quantity: Int(quantity), unitPrice: unitPrice, currency: currency)
        case .removeItem:
            let product: ProductID = try fields.requiredIdentifier("productId")
            let quantity = try fields.optionalInteger("quantity", in: 1...Self.largestInteger)
            return .removeItem(product: product, quantity: quantity.map { Int($0) })
        case .confirmOrder:
            return .confirmOrder
        case .shipOrder:
            return .shipOrder(trackingNumber: try fields.optionalText("trackingNumber"))
        case .deliverOrder:
            return .deliverOrder
        case .cancelOrder:
            return .cancelOrder(reason: try fields.optionalText("reason"))
        }
    }

    /// A value's JSON kind, for messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Quotes user text for a message, cut short so a hostile value cannot flood the output.
    static func quote(_ text: String) -> String {
        let limit = 60
        let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return "\"" + shown + "\""
    }
}
