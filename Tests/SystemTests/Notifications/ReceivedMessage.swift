import Foundation

/// A message as the test SMTP server stored it, parsed strictly: RFC 5322 lines and header fields, RFC 2047
/// encoded words, and a MIME quoted-printable UTF-8 body (RFC 2045).
///
/// Strict on purpose, and written apart from the product's formatter: whatever a receiving mail program
/// could read differently from what orderctl meant (a bare CR or LF, an 8-bit byte in the header, a line
/// that is neither a field nor a continuation, an over-long line, a malformed encoded word) is an error
/// here, so that an injected line break can never pass for a harmless one.
struct ReceivedMessage {
    /// One header field: its name as written, its lines as stored, and its value unfolded.
    struct Field {
        let name: String
        let lines: [String]
        /// The value with the folds removed (RFC 5322 §2.2.3) and the surrounding whitespace trimmed.
        let value: String
    }

    /// A `To` or `From` mailbox: the decoded display name and the address in angle brackets.
    struct Mailbox: Equatable {
        let displayName: String?
        let address: String
    }

    /// Every header field, in order.
    let fields: [Field]
    /// The longest line of the header, in characters (RFC 5322 §2.1.1 wants at most 78).
    let longestHeaderLine: Int
    /// The longest line of the encoded body (RFC 2045 §6.7 requires at most 76).
    let longestBodyLine: Int
    /// The body decoded from quoted-printable and UTF-8, with LF line ends.
    let body: String

    /// Parses `bytes`; throws a `MalformedMessage` that says what is wrong and where.
    init(_ bytes: [UInt8]) throws(MalformedMessage) {
        // Quoted-printable and encoded words leave nothing but ASCII, and CR and LF only ever as a pair.
        for (index, byte) in bytes.enumerated() {
            if byte >= 0x80 { throw MalformedMessage("an 8-bit byte 0x\(String(byte, radix: 16)) at offset \(index)") }
            if byte == 0 { throw MalformedMessage("a NUL byte at offset \(index)") }
            if byte == UInt8(ascii: "\r"), index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n") {
                throw MalformedMessage("a CR without LF at offset \(index)")
            }
            if byte == UInt8(ascii: "\n"), index == 0 || bytes[index - 1] != UInt8(ascii: "\r") {
                throw MalformedMessage("an LF without CR at offset \(index)")
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let separator = text.range(of: "\r\n\r\n") else { throw MalformedMessage("no blank line ends the header") }
        let headerLines = text[..<separator.lowerBound].components(separatedBy: "\r\n")
        guard text.hasSuffix("\r\n") else { throw MalformedMessage("the body does not end with CRLF") }
        // By bytes: to Swift, CR LF is one Character.
        let bodyLines = String(Substring(text[separator.upperBound...].utf8.dropLast(2))).components(separatedBy: "\r\n")

        var fields: [Field] = []
        var current: (name: String, lines: [String])?
        func finish() {
            guard let (name, lines) = current else { return }
            // Unfolding removes each CRLF that comes before whitespace: the lines joined as they are.
            let unfolded = lines.joined()
            let value = unfolded[unfolded.index(after: unfolded.firstIndex(of: ":")!)...]
            fields.append(Field(name: name, lines: lines, value: value.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))))
        }
        for (number, line) in headerLines.enumerated() {
            guard line.utf8.count <= 998 else { throw MalformedMessage("header line \(number + 1) is over 998 characters") }
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard current != nil else { throw MalformedMessage("the header starts with a continuation line") }
                guard line.contains(where: { $0 != " " && $0 != "\t" }) else {
                    throw MalformedMessage("header line \(number + 1) holds only whitespace")
                }
                current?.lines.append(line)
                continue
            }
            finish()
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else {
                throw MalformedMessage("header line \(number + 1) is neither a field nor a continuation: \(line.debugDescription)")
            }
            let name = String(line[..<colon])
            // RFC 5322 §3.6.8: a field name is printable ASCII other than the colon.
            guard name.unicodeScalars.allSatisfy({ (33...126).contains($0.value) }) else {
                throw MalformedMessage("header line \(number + 1) has a malformed field name \(name.debugDescription)")
            }
            for scalar in line.unicodeScalars where !(32...126).contains(scalar.value) && scalar != "\t" {
                throw MalformedMessage("header line \(number + 1) holds the control character U+\(String(scalar.value, radix: 16))")
            }
            current = (name, [line])
        }
        finish()
        self.fields = fields
        longestHeaderLine = headerLines.map(\.utf8.count).max() ?? 0
        longestBodyLine = bodyLines.map(\.utf8.count).max() ?? 0
        body = try Self.decodeQuotedPrintable(bodyLines)
    }

    /// The values of every field named `name` (field names compare without case).
    func values(of name: String) -> [String] {
        fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The value of the one field named `name`; throws when there is none or more than one.
    func value(of name: String) throws(MalformedMessage) -> String {
        let found = values(of: name)
        guard found.count == 1 else { throw MalformedMessage("\(found.count) \(name) fields") }
        return found[0]
    }

    /// The `Subject`, its encoded words decoded.
    func subject() throws(MalformedMessage) -> String {
        try Self.decodeUnstructured(try value(of: "Subject"))
    }

    /// The one mailbox of the `To` field (or `From`), parsed strictly: a display name that is an atom
    /// phrase, a quoted-string or encoded words, then the address in angle brackets, and nothing else.
    func mailbox(_ field: String) throws(MalformedMessage) -> Mailbox {
        let value = try value(of: field)
        guard value.hasSuffix(">"), let open = value.lastIndex(of: "<") else {
            // A bare address, without a display name.
            guard Self.isPlainAddress(value) else { throw MalformedMessage("\(field) is not one mailbox: \(value.debugDescription)") }
            return Mailbox(displayName: nil, address: value)
        }
        let address = String(value[value.index(after: open)..<value.index(before: value.endIndex)])
        guard Self.isPlainAddress(address) else { throw MalformedMessage("\(field) has a malformed address: \(value.debugDescription)") }
        let phrase = value[..<open]
        guard !phrase.isEmpty else { return Mailbox(displayName: nil, address: address) }
        guard phrase.hasSuffix(" ") || phrase.hasSuffix("\t") else {
            throw MalformedMessage("\(field) has no space between the name and the address: \(value.debugDescription)")
        }
        let name = phrase.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        return Mailbox(displayName: try Self.decodePhrase(name, field: field), address: address)
    }

    /// Printable ASCII with one `@` and none of the characters that would end an address or start another.
    static func isPlainAddress(_ text: String) -> Bool {
        text.filter { $0 == "@" }.count == 1
            && text.unicodeScalars.allSatisfy { (33...126).contains($0.value) && !"<>,;:\"()[]\\".unicodeScalars.contains($0) }
    }

    /// A display name: a quoted-string, or atoms and encoded words separated by whitespace.
    static func decodePhrase(_ phrase: String, field: String) throws(MalformedMessage) -> String {
        if phrase.hasPrefix("\"") {
            var decoded = ""
            var escaped = false
            var closed = false
            for character in phrase.dropFirst() {
                guard !closed else { throw MalformedMessage("\(field) has text after its quoted name: \(phrase.debugDescription)") }
                if escaped {
                    decoded.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    closed = true
                } else {
                    decoded.append(character)
                }
            }
            guard closed else { throw MalformedMessage("\(field) has an unclosed quoted name: \(phrase.debugDescription)") }
            return decoded
        }
        let tokens = phrase.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        for token in tokens where !token.hasPrefix("=?") && !token.unicodeScalars.allSatisfy(isAtomText) {
            throw MalformedMessage("\(field)'s name holds \(token.debugDescription), neither an atom nor an encoded word")
        }
        return try decodeUnstructured(tokens.joined(separator: " "))
    }

    /// RFC 5322 `atext`.
    static func isAtomText(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9": true
        default: "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    /// Unstructured text with its encoded words decoded; the whitespace between two adjacent encoded words
    /// goes (RFC 2047 §6.2), any other stays.
    static func decodeUnstructured(_ text: String) throws(MalformedMessage) -> String {
        var decoded = ""
        var whitespace = ""
        var previousWasEncoded = false
        var word = ""
        func flush() throws(MalformedMessage) {
            guard !word.isEmpty else { return }
            if word.hasPrefix("=?") {
                let text = try decodeEncodedWord(word)
                if !previousWasEncoded { decoded += whitespace }
                decoded += text
                previousWasEncoded = true
            } else {
                decoded += whitespace + word
                previousWasEncoded = false
            }
            whitespace = ""
            word = ""
        }
        for character in text {
            if character == " " || character == "\t" {
                try flush()
                whitespace.append(character)
            } else {
                word.append(character)
            }
        }
        try flush()
        return decoded + whitespace
    }

    /// `=?UTF-8?B?...?=` or `=?UTF-8?Q?...?=`, at most 75 characters, whose bytes are whole UTF-8 characters.
    static func decodeEncodedWord(_ word: String) throws(MalformedMessage) -> String {
        let parts = word.split(separator: "?", omittingEmptySubsequences: false)
        guard word.hasPrefix("=?"), word.hasSuffix("?="), parts.count == 5, parts[0] == "=", parts[4] == "=" else {
            throw MalformedMessage("\(word.debugDescription) is not an encoded word")
        }
        guard word.count <= 75 else { throw MalformedMessage("the encoded word \(word.debugDescription) is over 75 characters") }
        guard parts[1].uppercased() == "UTF-8" else { throw MalformedMessage("the encoded word \(word.debugDescription) is not UTF-8") }
        let bytes: [UInt8]
        switch parts[2].uppercased() {
        case "B":
            guard let data = Data(base64Encoded: String(parts[3])) else { throw MalformedMessage("\(word.debugDescription) is not base64") }
            bytes = Array(data)
        case "Q":
            bytes = try decodeHexEscapes(Array(parts[3].utf8), underscoreIsSpace: true, context: word)
        default:
            throw MalformedMessage("\(word.debugDescription) has an unknown encoding")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MalformedMessage("the encoded word \(word.debugDescription) does not hold whole UTF-8 characters")
        }
        return text
    }

    /// The body lines from quoted-printable: lines of at most 76 characters, `=XX` escapes in upper-case hex,
    /// `=` at the end of a line for a soft break, no whitespace at the end of a line; then UTF-8.
    static func decodeQuotedPrintable(_ lines: [String]) throws(MalformedMessage) -> String {
        var bytes: [UInt8] = []
        for (number, line) in lines.enumerated() {
            guard line.utf8.count <= 76 else { throw MalformedMessage("body line \(number + 1) is over 76 characters") }
            guard !line.hasSuffix(" "), !line.hasSuffix("\t") else { throw MalformedMessage("body line \(number + 1) ends in whitespace") }
            var encoded = Array(line.utf8)
            let soft = encoded.last == UInt8(ascii: "=")
            if soft { encoded.removeLast() }
            bytes += try decodeHexEscapes(encoded, underscoreIsSpace: false, context: "body line \(number + 1)")
            if !soft { bytes += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw MalformedMessage("the decoded body is not UTF-8") }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    private static func decodeHexEscapes(_ encoded: [UInt8], underscoreIsSpace: Bool, context: String) throws(MalformedMessage) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            if byte == UInt8(ascii: "=") {
                guard index + 2 < encoded.count, let high = hexDigit(encoded[index + 1]), let low = hexDigit(encoded[index + 2])
                else { throw MalformedMessage("\(context): a malformed =XX escape") }
                bytes.append(high << 4 | low)
                index += 3
            } else if underscoreIsSpace && byte == UInt8(ascii: "_") {
                bytes.append(UInt8(ascii: " "))
                index += 1
            } else {
                guard (32...126).contains(byte) || byte == UInt8(ascii: "\t") else { throw MalformedMessage("\(context): byte 0x\(String(byte, radix: 16)) unencoded") }
                bytes.append(byte)
                index += 1
            }
        }
        return bytes
    }

    /// An upper-case hexadecimal digit's value (RFC 2045 §6.7: lower case is not allowed in escapes).
    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
