/// Standard base64 with padding (RFC 4648 §4), the alphabet RFC 2047's "B" encoding uses.
///
/// Written here because this target imports no Foundation; it is the mirror of
/// `PersonalDataProtection.Base64URL` with `+`, `/` and `=` padding instead of `-`, `_` and none.
enum Base64 {
    /// The 64 characters, in the order of the values they stand for.
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` as padded base64 text: four characters for every three bytes or part of three.
    static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(encodedLength(ofByteCount: bytes.count))
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group: UInt32 = 0
            for offset in 0..<3 {
                group = group << 8 | (offset < count ? UInt32(bytes[index + offset]) : 0)
            }
            for position in 0..<4 {
                let value = Int(group >> UInt32(18 - 6 * position) & 63)
                // One byte fills two characters and two bytes fill three; the rest is padding.
                text.append(position <= count ? alphabet[value] : UInt8(ascii: "="))
            }
            index += count
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The length of `encode`'s text for `byteCount` bytes.
    static func encodedLength(ofByteCount byteCount: Int) -> Int {
        (byteCount + 2) / 3 * 4
    }
}
