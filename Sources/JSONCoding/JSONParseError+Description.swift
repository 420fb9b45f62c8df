extension JSONParseError {
    /// The most characters of a duplicate key quoted in a message, so a hostile key cannot flood a log line.
    static let quotedKeyCharacterLimit = 40

    /// One sentence for the person who wrote the input, naming the problem and its byte offset.
    public var description: String {
        let place = "at byte \(byteOffset)"
        switch kind {
        case .invalidUTF8:
            return "invalid UTF-8 \(place)"
        case .unexpectedEnd:
            return "unexpected end of input \(place)"
        case .unexpectedCharacter:
            guard let unexpectedScalar else { return "unexpected character \(place)" }
            return "unexpected character \(Self.quoted(unexpectedScalar)) \(place)"
        case .invalidNumber:
            return "invalid number \(place); numbers look like 0, -12, 3.25 or 1e6"
        case .invalidEscape:
            return "invalid escape sequence \(place); use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u followed by 4 hex digits"
        case .unescapedControlCharacter:
            return "unescaped control character in a string \(place); write it as an escape such as \\n or \\u0000"
        case .duplicateKey(let key):
            return "duplicate key \"\(Self.quotedKey(key))\" \(place)"
        case .tooDeep(let limit):
            return "nesting deeper than \(limit) levels \(place)"
        case .trailingContent:
            return "unexpected content after the JSON value \(place)"
        case .emptyInput:
            return "empty input; expected a JSON value"
        }
    }

    /// Shows printable ASCII as 'x' and anything else as U+XXXX, so invisible or control characters stay visible.
    static func quoted(_ scalar: Unicode.Scalar) -> String {
        if scalar.value > 0x20, scalar.value < 0x7f {
            return "'\(Character(scalar))'"
        }
        return "U+" + hexadecimalDigits(of: scalar.value, minimumCount: 4, uppercase: true)
    }

    /// A key shortened to the quoting limit and escaped so terminal controls and line breaks in it stay inert.
    static func quotedKey(_ key: String) -> String {
        var shown = ""
        var characterCount = 0
        for character in key {
            if characterCount == quotedKeyCharacterLimit {
                shown += "…"
                break
            }
            for scalar in character.unicodeScalars {
                shown += escapedForMessage(scalar)
            }
            characterCount += 1
        }
        return shown
    }

    /// One scalar as JSON would escape it, plus invisible format and separator characters as \uXXXX.
    private static func escapedForMessage(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            if scalar.value > 0xffff {
                let utf16 = String(scalar).utf16
                return utf16.map { "\\u" + hexadecimalDigits(of: UInt32($0), minimumCount: 4, uppercase: false) }.joined()
            }
            return "\\u" + hexadecimalDigits(of: scalar.value, minimumCount: 4, uppercase: false)
        default:
            return String(scalar)
        }
    }

    /// Hexadecimal digits left-padded with zeros: uppercase in U+ notation, lowercase in escapes as the writer does.
    private static func hexadecimalDigits(of value: UInt32, minimumCount: Int, uppercase: Bool) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, minimumCount - digits.count)) + digits
    }
}
