import PersonalDataProtection
import Testing

@Suite("CustomerKey")
struct CustomerKeyTests {
    @Test("generated keys are 32 bytes and differ")
    func generate() throws {
        let first = try CustomerKey.generate()
        let second = try CustomerKey.generate()
        #expect(first.bytes.count == 32)
        #expect(second.bytes.count == 32)
        #expect(first.bytes != second.bytes)
    }

    @Test("a key is read back from exactly 32 bytes", arguments: [0, 16, 31, 33, 64])
    func wrongLength(count: Int) {
        #expect(CustomerKey(bytes: [UInt8](repeating: 7, count: count)) == nil)
    }

    @Test("a key read back from its bytes opens what the original sealed")
    func readBack() throws {
        let key = try CustomerKey.generate()
        let stored = try #require(CustomerKey(bytes: key.bytes))
        let sealed = try FieldCipher.seal("Zoë", with: key, associatedData: eventIdentifier)
        #expect(try FieldCipher.openText(sealed, with: stored, associatedData: eventIdentifier) == "Zoë")
    }

    @Test("no printed form of a key contains its bytes")
    func redacted() throws {
        for _ in 0 ..< 20 {
            let key = try CustomerKey.generate()
            var dumped = ""
            dump(key, to: &dumped)
            let printed = [
                key.description, key.debugDescription, "\(key)", String(describing: key),
                String(reflecting: key), dumped, "\([key])", String(reflecting: Optional(key)),
            ]
            let hex = hexadecimal(key.bytes)
            let forms = [hex, hex.uppercased(), base64(key.bytes, urlSafe: false), base64(key.bytes, urlSafe: true)]
                .map { String($0.prefix(16)) }
            for text in printed {
                #expect(text.contains("CustomerKey(redacted)"), "\(text)")
                for form in forms { #expect(!text.contains(form)) }
                // Nor as decimal numbers, which is how a derived description would print an array.
                #expect(!text.contains("\(key.bytes[0]), \(key.bytes[1]), \(key.bytes[2])"))
            }
        }
    }
}

/// `bytes` in base64, standard or URL-safe, without padding: the forms a key could be leaked in.
private func base64(_ bytes: [UInt8], urlSafe: Bool) -> String {
    let alphabet = Array(
        (urlSafe
            ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    )
    var text = ""
    var index = 0
    while index < bytes.count {
        let chunk = Array(bytes[index ..< min(index + 3, bytes.count)])
        let group = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(16 - 8 * $1.offset) }
        for position in 0 ... chunk.count { text.append(alphabet[Int(group >> UInt32(18 - 6 * position) & 63)]) }
        index += 3
    }
    return text
}
