import JSONCoding
import OrderDomain

/// One line of `notify list`, read strictly: exactly the twelve documented keys, each of its type.
struct ListedNotification: Equatable {
    /// The keys of a line, in the order the reference lists them.
    static let keys = [
        "id", "eventId", "position", "template", "recipient", "state", "reason", "attempts", "lastError", "nextAttemptAt", "sentAt", "messageId",
    ]

    let id: String
    let eventID: String
    let position: Int64
    let template: String
    let recipient: String?
    let state: String
    let reason: String?
    let attempts: Int
    let lastError: String?
    let nextAttemptAt: Timestamp?
    let sentAt: Timestamp?
    let messageID: String

    /// Reads `object`; throws, naming the key, when a key is missing, extra or of the wrong type.
    init(_ object: JSONObject) throws(UnexpectedLine) {
        // `notify show` adds `message` and `attemptHistory` to the same members.
        let keys = object.keys.filter { $0 != "message" && $0 != "attemptHistory" }
        guard keys == Self.keys else { throw UnexpectedLine("keys \(keys), not \(Self.keys)") }
        func string(_ key: String) throws(UnexpectedLine) -> String {
            guard let value = object[key]?.stringValue else { throw UnexpectedLine("\(key) is not a string: \(String(describing: object[key]))") }
            return value
        }
        func optionalString(_ key: String) throws(UnexpectedLine) -> String? {
            if object[key] == .null { return nil }
            return try string(key)
        }
        func optionalTimestamp(_ key: String) throws(UnexpectedLine) -> Timestamp? {
            guard let text = try optionalString(key) else { return nil }
            guard let timestamp = Timestamp(rfc3339: text) else { throw UnexpectedLine("\(key) is not an RFC 3339 timestamp: \(text)") }
            return timestamp
        }
        func integer(_ key: String) throws(UnexpectedLine) -> Int64 {
            guard let value = object[key]?.exactInteger else { throw UnexpectedLine("\(key) is not an integer: \(String(describing: object[key]))") }
            return value
        }
        id = try string("id")
        eventID = try string("eventId")
        position = try integer("position")
        template = try string("template")
        recipient = try optionalString("recipient")
        state = try string("state")
        reason = try optionalString("reason")
        attempts = Int(try integer("attempts"))
        lastError = try optionalString("lastError")
        nextAttemptAt = try optionalTimestamp("nextAttemptAt")
        sentAt = try optionalTimestamp("sentAt")
        messageID = try string("messageId")
    }

    struct UnexpectedLine: Error, CustomStringConvertible {
        let description: String

        init(_ description: String) {
            self.description = "a notify list line: " + description
        }
    }
}
