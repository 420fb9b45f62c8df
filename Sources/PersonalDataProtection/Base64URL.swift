/// The URL-safe base64 alphabet of RFC 4648 §5, without padding, as sealed fields are written.
///
/// Written here rather than taken from Foundation, which this target does not import, and strict
/// where Foundation's decoder is lenient: every text decodes to one byte string and every byte
/// string has exactly one text (no padding, no whitespace, no stray bits in the last character),
/// so that a changed character can never decode to the same field.
enum Base64URL {
    /// The 64 characters, in the order of the values they stand for.
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `bytes` as base64url text without padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { text.append(alphabet[Int(group >> UInt32(shift) & 63)]) }
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let group = UInt32(bytes[index]) << 16
            for shift in [18, 12] { text.append(alphabet[Int(group >> UInt32(shift) & 63)]) }
        case 2:
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            for shift in [18, 12, 6] { text.append(alphabet[Int(group >> UInt32(shift) & 63)]) }
        default:
            break
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes `text` stands for, or nil when it is not canonical unpadded base64url: a
    /// character outside the alphabet, a length that leaves a single character over, or bits set
    /// in the last character that no byte holds.
    static func decode(_ text: Substring) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else { return nil }
        var values: [UInt32] = []
        values.reserveCapacity(characters.count)
        for character in characters {
            guard let value = value(of: character) else { return nil }
            values.append(value)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count * 3 / 4)
        var index = 0
        while index + 4 <= values.count {
            let group = values[index] << 18 | values[index + 1] << 12 | values[index + 2] << 6 | values[index + 3]
            bytes.append(UInt8(group >> 16 & 0xFF))
            bytes.append(UInt8(group >> 8 & 0xFF))
            bytes.append(UInt8(group & 0xFF))
            index += 4
        }
        switch values.count - index {
        case 2:
            // Two characters carry 12 bits for one byte: the last 4 must be zero.
            guard values[index + 1] & 0x0F == 0 else { return nil }
            bytes.append(UInt8(values[index] << 2 | values[index + 1] >> 4))
        case 3:
            // Three characters carry 18 bits for two bytes: the last 2 must be zero.
            guard values[index + 2] & 0x03 == 0 else { return nil }
            let group = values[index] << 18 | values[index + 1] << 12 | values[index + 2] << 6
            bytes.append(UInt8(group >> 16 & 0xFF))
            bytes.append(UInt8(group >> 8 & 0xFF))
        default:
            break
        }
        return bytes
    }

    /// The value of one base64url character, or nil when it is not one.
    private static func value(of character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(character - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(character - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(character - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
