import JSONCoding
import OrderDomain
import OrderService

/// One line of `submit`'s output, as docs/reference.md shapes it.
public struct SubmitResult: Equatable, Sendable {
    /// The documented statuses.
    public enum Status: String, CaseIterable, Sendable {
        case accepted, duplicate, rejected, conflict, invalid
    }

    /// The input line number.
    public let line: Int
    /// The status.
    public let status: Status
    /// The full JSON object printed for the line.
    public let json: JSONValue
    /// The command's id, when the line named or was given one.
    public let commandID: CommandID?
    /// The stream the line is about, when it names one.
    private let stream: Stream?

    /// The result of a line whose order command was handled.
    public init(line: Int, envelope: CommandEnvelope, outcome: CommandOutcome) {
        let answer: Answer = switch outcome {
        case let .accepted(version, events):
            .accepted(version: version, events: events.map { EventReceipt(type: $0.event.kind.rawValue, version: $0.version, position: $0.position) })
        case let .duplicate(version): .duplicate(version: version)
        case let .rejected(rejection): .rejected(code: rejection.code, message: rejection.message)
        case .commandIDReused: .commandIDReused
        case let .conflict(expected, actual, retriesExhausted): .conflict(expected: expected, actual: actual, retriesExhausted: retriesExhausted)
        }
        self.init(line: line, commandID: envelope.commandID, stream: .order(envelope.orderID), answer: answer)
    }

    /// The result of a line whose customer command was handled.
    public init(line: Int, envelope: CustomerCommandEnvelope, outcome: CustomerCommandOutcome) {
        let answer: Answer = switch outcome {
        case let .accepted(version, events): .accepted(version: version, events: events)
        case let .duplicate(version): .duplicate(version: version)
        case let .rejected(rejection): .rejected(code: rejection.code, message: rejection.message)
        case .commandIDReused: .commandIDReused
        case let .conflict(expected, actual, retriesExhausted): .conflict(expected: expected, actual: actual, retriesExhausted: retriesExhausted)
        }
        self.init(line: line, commandID: envelope.commandID, stream: .customer(envelope.customerID), answer: answer)
    }

    /// The result of a line that is `invalid`.
    public init(line: Int, failure: LineFailure) {
        var error: JSONObject = ["code": .string(failure.code.rawValue), "message": .string(failure.message)]
        if let field = failure.field { error["field"] = .string(field) }
        // A failed line names at most one stream: the decoder fills the id of the kind its type names.
        let stream: Stream? = failure.orderID.map(Stream.order) ?? failure.customerID.map(Stream.customer)
        self.init(line: line, status: .invalid, commandID: failure.commandID, stream: stream, fields: ["error": .object(error)])
    }

    /// What a handled command of either kind came to: orders and customers answer alike but for the
    /// stream they name, so both are rendered by the one initializer below and cannot drift apart.
    private enum Answer {
        case accepted(version: Int, events: [EventReceipt])
        case duplicate(version: Int)
        case rejected(code: String, message: String)
        case commandIDReused
        case conflict(expected: Int, actual: Int, retriesExhausted: Bool)
    }

    /// The stream a line is about, which gives the result its id member and its messages their noun.
    private enum Stream: Equatable, Sendable {
        case order(OrderID)
        case customer(CustomerID)

        /// The result member that carries the id.
        var key: String {
            switch self {
            case .order: "orderId"
            case .customer: "customerId"
            }
        }

        /// The id as printed.
        var id: String {
            switch self {
            case let .order(order): order.description
            case let .customer(customer): customer.description
            }
        }

        /// What the stream is called in a message.
        var noun: String {
            switch self {
            case .order: "order"
            case .customer: "customer"
            }
        }
    }

    /// Renders a handled command's answer: the version and appended events, or the error.
    private init(line: Int, commandID: CommandID, stream: Stream, answer: Answer) {
        var fields = JSONObject()
        let status: Status
        switch answer {
        case let .accepted(version, events):
            status = .accepted
            fields["version"] = .integer(version)
            fields["events"] = .array(events.map { event in
                .object(["type": .string(event.type), "version": .integer(event.version), "position": .integer(event.position)])
            })
        case let .duplicate(version):
            status = .duplicate
            fields["version"] = .integer(version)
        case let .rejected(code, message):
            status = .rejected
            fields["error"] = .object(["code": .string(code), "message": .string(message)])
        case .commandIDReused:
            status = .rejected
            fields["error"] = .object([
                "code": "command_id_reused",
                "message": .string("command id \(commandID) was already applied to a different command; use a new commandId"),
            ])
        case let .conflict(expected, actual, retriesExhausted):
            status = .conflict
            let message = retriesExhausted
                ? "other writers kept changing the \(stream.noun) (last seen at version \(expected), then \(actual)) through every retry; send the command again"
                : "the \(stream.noun) is at version \(actual), not the expected \(expected); reload it and decide again"
            fields["error"] = .object([
                "code": "version_conflict", "message": .string(message), "expected": .integer(expected), "actual": .integer(actual),
            ])
        }
        self.init(line: line, status: status, commandID: commandID, stream: stream, fields: fields)
    }

    /// Puts the members in the documented order: line, status, commandId, orderId or customerId, then the rest.
    private init(line: Int, status: Status, commandID: CommandID?, stream: Stream?, fields: JSONObject) {
        var ordered: JSONObject = ["line": .integer(line), "status": .string(status.rawValue)]
        if let commandID { ordered["commandId"] = .string(commandID.description) }
        if let stream { ordered[stream.key] = .string(stream.id) }
        for member in fields.members {
            ordered[member.key] = member.value
        }
        self.line = line
        self.status = status
        self.json = .object(ordered)
        self.commandID = commandID
        self.stream = stream
    }

    /// This `duplicate` answered as what it is: the run's own command, committed before its answer was
    /// cut off (a failover), and found on the server reached again by the event it appended.
    public func accepted(appending receipt: EventReceipt) -> SubmitResult {
        guard status == .duplicate, let commandID, let stream else { return self }
        return SubmitResult(line: line, commandID: commandID, stream: stream, answer: .accepted(version: receipt.version, events: [receipt]))
    }
}
