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

    /// The result of a line whose command was handled.
    public init(line: Int, envelope: CommandEnvelope, outcome: CommandOutcome) {
        var object: JSONObject = ["line": .integer(line)]
        let status: Status
        switch outcome {
        case let .accepted(version, events):
            status = .accepted
            object["version"] = .integer(version)
            object["events"] = .array(events.map { event in
                .object(["type": .string(event.event.kind.rawValue), "version": .integer(event.version), "position": .integer(event.position)])
            })
        case let .duplicate(version):
            status = .duplicate
            object["version"] = .integer(version)
        case let .rejected(rejection):
            status = .rejected
            object["error"] = .object(["code": .string(rejection.code), "message": .string(rejection.message)])
        case .commandIDReused:
            status = .rejected
            object["error"] = .object([
                "code": "command_id_reused",
                "message": .string("command id \(envelope.commandID) was already applied to a different command; use a new commandId"),
            ])
        case let .conflict(expected, actual, retriesExhausted):
            status = .conflict
            let message = retriesExhausted
                ? "other writers kept changing the order (last seen at version \(expected), then \(actual)) through every retry; send the command again"
                : "the order is at version \(actual), not the expected \(expected); reload it and decide again"
            object["error"] = .object([
                "code": "version_conflict", "message": .string(message), "expected": .integer(expected), "actual": .integer(actual),
            ])
        }
        self.init(line: line, status: status, commandID: envelope.commandID, orderID: envelope.orderID, fields: object)
    }

    /// The result of a line that is `invalid`.
    public init(line: Int, failure: LineFailure) {
        var error: JSONObject = ["code": .string(failure.code.rawValue), "message": .string(failure.message)]
        if let field = failure.field { error["field"] = .string(field) }
        self.init(line: line, status: .invalid, commandID: failure.commandID, orderID: failure.orderID, fields: ["line": .integer(line), "error": .object(error)])
    }

    /// Puts the members in the documented order: line, status, commandId, orderId, then the rest.
    private init(line: Int, status: Status, commandID: CommandID?, orderID: OrderID?, fields: JSONObject) {
        var ordered: JSONObject = ["line": .integer(line), "status": .string(status.rawValue)]
        if let commandID { ordered["commandId"] = .string(commandID.description) }
        if let orderID { ordered["orderId"] = .string(orderID.description) }
        for member in fields.members where member.key != "line" {
            ordered[member.key] = member.value
        }
        self.line = line
        self.status = status
        self.json = .object(ordered)
    }
}
