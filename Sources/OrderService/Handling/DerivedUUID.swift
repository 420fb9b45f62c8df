import FoundationEssentials
import Hashing

/// UUIDs derived from a text rather than drawn at random: the same text gives the same UUID, in every
/// process and on every run.
public enum DerivedUUID {
    /// The first 16 bytes of a SHA-256 over `text`, marked as an RFC 9562 version 8 UUID.
    public static func from(_ text: String) -> UUID {
        var hasher = SHA256()
        hasher.update(text)
        let digest = hasher.finalize().bytes
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { output in
            for index in 0..<16 { output[index] = digest[index] }
            output[6] = (output[6] & 0x0F) | 0x80  // version 8: custom
            output[8] = (output[8] & 0x3F) | 0x80  // variant: RFC 9562
        }
        return UUID(uuid: bytes)
    }
}
