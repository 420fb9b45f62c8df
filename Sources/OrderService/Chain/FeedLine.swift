import Hashing
import JSONCoding
import OrderDomain

/// One line of an exported feed (`export`, `import`, `replay --format jsonl`): an event exactly as
/// stored, with its global position and its hash-chain link.
public struct FeedLine: Sendable, Equatable {
    /// The field names, in the order they are written; a line with any other field is refused.
    public static let fields = ["position", "streamId", "version", "eventId", "type", "schemaVersion", "payload", "metadata", "occurredAt", "hash"]

    /// The event's global position in the store it came from.
    public let position: Int64
    /// The chained fields.
    public let event: ChainedEvent
    /// The stored link.
    public let hash: SHA256Digest

    /// Creates a line.
    public init(position: Int64, event: ChainedEvent, hash: SHA256Digest) {
        self.position = position
        self.event = event
        self.hash = hash
    }

    /// The line as a JSON object, fields in `fields` order, payload and metadata in canonical form:
    /// what `write(into:)` writes, read back (the writer is the one definition of a line's text).
    public var json: JSONObject {
        var writer = JSONTextWriter()
        write(into: &writer)
        guard case let .object(object)? = try? JSONParser.parse(writer.output) else {
            preconditionFailure("a feed line's own text does not parse")
        }
        return object
    }

    /// Writes the line's JSON object straight into `writer`: `export` and `replay` write every event
    /// this way, without building a JSON value per line.
    public func write(into writer: inout JSONTextWriter) {
        writer.writeRaw("{")
        writeMembers(into: &writer)
        writer.writeRaw("}")
    }

    /// The object's members without its braces, for a caller that adds members of its own (`replay`).
    public func writeMembers(into writer: inout JSONTextWriter) {
        let wasCanonical = writer.canonical
        writer.canonical = false
        writer.writeRaw("\"position\":")
        writer.writeInteger(position)
        writer.writeRaw(",\"streamId\":")
        event.orderID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"version\":")
        writer.writeInteger(event.version)
        writer.writeRaw(",\"eventId\":")
        event.eventID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"type\":")
        writer.writeString(event.type)
        writer.writeRaw(",\"schemaVersion\":")
        writer.writeInteger(event.schemaVersion)
        writer.canonical = true
        writer.writeRaw(",\"payload\":")
        writer.write(.object(event.payload))
        writer.writeRaw(",\"metadata\":")
        writer.write(.object(event.metadata))
        writer.canonical = false
        writer.writeRaw(",\"occurredAt\":")
        event.occurredAt.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",\"hash\":")
        hash.withHexadecimal { writer.writeUnescapedString(utf8: $0) }
        writer.canonical = wasCanonical
    }

    /// Reads a parsed line, naming the first field that is missing, unknown or malformed.
    public static func parse(_ value: JSONValue) -> Result<FeedLine, FeedRefusal> {
        guard case let .object(object) = value else { return .failure(FeedRefusal("the line is not a JSON object")) }
        if let unknown = object.keys.first(where: { !fields.contains($0) }) { return .failure(FeedRefusal("unknown field \"\(unknown)\"")) }
        func refuse(_ field: String, _ expectation: String) -> Result<FeedLine, FeedRefusal> {
            .failure(FeedRefusal(object[field] == nil ? "\(field) is missing" : "\(field) must be \(expectation)"))
        }
        guard let position = object["position"]?.exactInteger, position >= 1 else { return refuse("position", "a positive integer") }
        guard let orderID = object["streamId"]?.stringValue.flatMap(OrderID.init) else { return refuse("streamId", "a UUID") }
        guard let version = object["version"]?.exactInteger, version >= 1, version <= Int64(Int32.max) else { return refuse("version", "a positive integer") }
        guard let eventID = object["eventId"]?.stringValue.flatMap(EventID.init) else { return refuse("eventId", "a UUID") }
        // A feed carries customers' streams too (their events sealed); which kinds a stream may mix is the chain check's business.
        guard let type = object["type"]?.stringValue, OrderEvent.Kind(rawValue: type) != nil || CustomerEvent.Kind(rawValue: type) != nil else {
            return refuse("type", "one of " + (OrderEvent.Kind.allCases.map(\.rawValue) + CustomerEvent.Kind.allCases.map(\.rawValue)).joined(separator: ", "))
        }
        guard let schemaVersion = object["schemaVersion"]?.exactInteger, schemaVersion >= 1, schemaVersion <= Int64(Int32.max) else {
            return refuse("schemaVersion", "a positive integer")
        }
        guard case let .object(payload)? = object["payload"] else { return refuse("payload", "an object") }
        guard case let .object(metadata)? = object["metadata"], metadata["commandId"]?.stringValue != nil else {
            return refuse("metadata", "an object with a commandId string")
        }
        guard let occurredAt = object["occurredAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) else {
            return refuse("occurredAt", "an RFC 3339 time such as 2026-11-24T09:30:00.000000Z")
        }
        guard let hash = object["hash"]?.stringValue.flatMap(SHA256Digest.init(hexadecimal:)) else { return refuse("hash", "64 hexadecimal digits") }
        let event = ChainedEvent(
            orderID: orderID, version: Int(version), eventID: eventID, type: type, schemaVersion: Int(schemaVersion),
            payload: payload, metadata: metadata, occurredAt: occurredAt
        )
        return .success(FeedLine(position: position, event: event, hash: hash))
    }
}
