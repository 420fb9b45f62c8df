import Hashing
import JSONCoding

/// The per-stream hash chain: `hash(v) = SHA-256(hash(v − 1) ‖ canonical form of event v)`, with 32 zero
/// bytes before version 1. Changing, removing or moving any event breaks every link from it on; the
/// README defines the canonical form so that an auditor can recompute the chain with other tools.
public enum EventChain {
    /// What the first event of every stream links to.
    public static let genesis = SHA256Digest(bytes: [UInt8](repeating: 0, count: SHA256Digest.byteCount))!

    /// Names this canonical form: a later form gets a new tag rather than changing the meaning of this one.
    public static let formTag = "orderctl-event/1"

    /// The UTF-8 bytes that are hashed: a compact JSON array, in this order, of the form tag, stream id,
    /// version, event id, type, schema version, payload, metadata and occurrence time, with payload and
    /// metadata in canonical JSON (`JSONValue.canonicalUTF8`).
    public static func canonicalForm(of event: ChainedEvent) -> [UInt8] {
        withCanonicalForm(of: event) { Array($0) }
    }

    /// Lends `canonicalForm(of:)` to `body` without copying it out of the writer.
    public static func withCanonicalForm<Result>(of event: ChainedEvent, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // Written member by member rather than built as a JSONValue array and serialized: every event
        // of an audit, an import and a submit passes through here.
        var writer = JSONTextWriter(canonical: true)
        writer.writeRaw("[")
        writer.writeString(formTag)
        writer.writeRaw(",")
        event.orderID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",")
        writer.writeInteger(event.version)
        writer.writeRaw(",")
        event.eventID.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw(",")
        writer.writeString(event.type)
        writer.writeRaw(",")
        writer.writeInteger(event.schemaVersion)
        writer.writeRaw(",")
        writer.write(.object(event.payload))
        writer.writeRaw(",")
        writer.write(.object(event.metadata))
        writer.writeRaw(",")
        event.occurredAt.withText { writer.writeUnescapedString(utf8: $0) }
        writer.writeRaw("]")
        return writer.withOutput(body)
    }

    /// The link of `event` after the link `previous` (`genesis` for version 1).
    public static func link(of event: ChainedEvent, after previous: SHA256Digest) -> SHA256Digest {
        // Both pieces go to SHA-256 where they lie: an audit hashes every event, and gathering them
        // into one buffer first cost an allocation and a copy each.
        previous.bytes.withUnsafeBytes { previousBytes in
            withCanonicalForm(of: event) { SHA256.hash(previousBytes, followedBy: UnsafeRawBufferPointer($0)) }
        }
    }
}
