import JSONCoding
import OrderDomain
import OrderService

/// Turns one JSON line into an order or a customer command envelope, or says exactly what is wrong
/// with the line.
///
/// Fields are checked in a fixed order (type, the stream's id: orderId or customerId, commandId,
/// expectedVersion, metadata, the command's own fields in the documented order, then unknown fields)
/// so the first problem reported is always the same for the same line.
public struct CommandLineDecoder: Sendable {
    private let makeCommandID: @Sendable (_ line: Int) -> CommandID
    /// The number of the line being decoded, for `makeCommandID`.
    private var line = 0

    /// The highest `expectedVersion` or removal quantity a line may carry: any value is a fair question
    /// ("is the order at version 5 billion?"), and the handler answers it with a conflict or a rejection.
    static let largestInteger = Int64.max
    /// The longest free-text field (tracking number, reason), in characters.
    public static let maximumTextLength = 1000

    /// Creates a decoder; `makeCommandID` supplies ids for lines that carry none.
    public init(makeCommandID: @escaping @Sendable () -> CommandID) {
        self.makeCommandID = { _ in makeCommandID() }
    }

    /// Creates a decoder whose ids for lines that carry none depend on the line number only: decoding a
    /// line again (after a failover, to apply what was not committed) gives the same id, so a command
    /// that was committed is found by it and not applied twice.
    public init(makeCommandIDForLine: @escaping @Sendable (_ line: Int) -> CommandID) {
        self.makeCommandID = makeCommandIDForLine
    }

    /// Decodes input line `number`'s bytes (without its newline).
    public func decode(_ bytes: [UInt8], line number: Int) -> Result<SubmittedCommand, LineFailure> {
        var decoder = self
        decoder.line = number
        return decoder.decode(bytes)
    }

    /// Decodes one line's bytes (without its newline).
    public func decode(_ bytes: [UInt8]) -> Result<SubmittedCommand, LineFailure> {
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
            let command = try decodeCommand(&fields)
            // Last, because it is the rarest problem: a value the line may hold but PostgreSQL cannot.
            for member in object.members {
                if let problem = StorableJSON.problem(in: member.value) {
                    throw LineFailure(.invalidField, "\(member.key) \(problem)", field: member.key)
                }
            }
            return .success(command)
        } catch var failure {
            // Say which command and stream the bad line was about, when that much was readable. The
            // stream is the one the line's type names: a customer command's customerId is its stream,
            // while an order command's customerId (PlaceOrder's) is not.
            failure.commandID = object["commandId"]?.stringValue.flatMap(CommandID.init)
            if object["type"]?.stringValue.flatMap(CustomerCommand.Kind.init) != nil {
                failure.customerID = object["customerId"]?.stringValue.flatMap(CustomerID.init)
            } else {
                failure.orderID = object["orderId"]?.stringValue.flatMap(OrderID.init)
            }
            return .failure(failure)
        }
    }

    private func decodeCommand(_ fields: inout FieldReader) throws(LineFailure) -> SubmittedCommand {
        let typeName = try fields.requiredString("type")
        if let kind = OrderCommand.Kind(rawValue: typeName) {
            return .order(try decodeOrderEnvelope(kind, &fields))
        }
        if let kind = CustomerCommand.Kind(rawValue: typeName) {
            return .customer(try decodeCustomerEnvelope(kind, &fields))
        }
        let known = (OrderCommand.Kind.allCases.map(\.rawValue) + CustomerCommand.Kind.allCases.map(\.rawValue)).joined(separator: ", ")
        throw LineFailure(.unknownCommand, "unknown command type \(Self.quote(typeName)); expected one of \(known)", field: "type")
    }

    private func decodeOrderEnvelope(_ kind: OrderCommand.Kind, _ fields: inout FieldReader) throws(LineFailure) -> CommandEnvelope {
        let orderID: OrderID = try fields.requiredIdentifier("orderId")
        let sending = try decodeSending(&fields)
        let command = try decodeOrderCommand(kind, &fields)
        try refuseUnknownFields(fields, for: kind.rawValue)
        return CommandEnvelope(
            commandID: sending.commandID, orderID: orderID, command: command, expectedVersion: sending.expectedVersion, metadata: sending.metadata
        )
    }

    private func decodeCustomerEnvelope(_ kind: CustomerCommand.Kind, _ fields: inout FieldReader) throws(LineFailure) -> CustomerCommandEnvelope {
        let customerID: CustomerID = try fields.requiredIdentifier("customerId")
        let sending = try decodeSending(&fields)
        let command = try decodeCustomerCommand(kind, &fields)
        try refuseUnknownFields(fields, for: kind.rawValue)
        return CustomerCommandEnvelope(
            commandID: sending.commandID, customerID: customerID, command: command, expectedVersion: sending.expectedVersion, metadata: sending.metadata
        )
    }

    /// The fields every command carries after its stream's id: how it was sent rather than what it asks.
    private func decodeSending(_ fields: inout FieldReader) throws(LineFailure) -> (commandID: CommandID, expectedVersion: Int?, metadata: JSONObject) {
        let commandID: CommandID = try fields.optionalIdentifier("commandId") ?? makeCommandID(line)
        let expectedVersion = try fields.optionalInteger("expectedVersion", in: 0...Self.largestInteger)
        let metadata = try fields.optionalObject("metadata") ?? JSONObject()
        if metadata["commandId"] != nil {
            throw LineFailure(.invalidField, "metadata must not carry commandId: orderctl sets it from the command's own commandId", field: "metadata")
        }
        return (commandID, expectedVersion.map { Int($0) }, metadata)
    }

    /// Refuses the first field no reader asked for, naming the fields the command takes.
    private func refuseUnknownFields(_ fields: FieldReader, for commandType: String) throws(LineFailure) {
        guard let unknown = fields.unreadKeys.first else { return }
        let known = fields.readKeys.map(Self.quote).joined(separator: ", ")
        throw LineFailure(.invalidField, "field \(Self.quote(unknown)) is not known for \(commandType), which takes \(known)", field: unknown)
    }

    private func decodeCustomerCommand(_ kind: CustomerCommand.Kind, _ fields: inout FieldReader) throws(LineFailure) -> CustomerCommand {
        switch kind {
        case .registerCustomer:
            let name = try fields.requiredPersonName("name")
            let email = try fields.requiredEmailAddress("email")
            let phone = try fields.optionalPhoneNumber("phone")
            let address = try fields.optionalPostalAddress("address")
            return .registerCustomer(ContactInfo(name: name, email: email, phone: phone, address: address))
        case .changeContactInfo:
            let change = ContactChange(
                name: try fields.personNameReplacement("name"),
                email: try fields.emailAddressReplacement("email"),
                phone: try fields.phoneNumberChange("phone"),
                address: try fields.postalAddressChange("address")
            )
            if change.isEmpty {
                throw LineFailure(
                    .missingField, "ChangeContactInfo needs at least one of name, email, phone and address (null clears phone or address)"
                )
            }
            return .changeContactInfo(change)
        }
    }

    private func decodeOrderCommand(_ kind: OrderCommand.Kind, _ fields: inout FieldReader) throws(LineFailure) -> OrderCommand {
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
