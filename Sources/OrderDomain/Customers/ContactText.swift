/// The one rule shared by the short free-text fields of a customer's contact details: a person's
/// name and the street, city and postal code of an address.
///
/// The text is trimmed of surrounding spaces and must then hold 1 to ``maximumScalars`` Unicode
/// scalar values and no control character (general category Cc) anywhere.
///
/// "Spaces" are Characters made only of `White_Space` scalars that are not controls: U+0020, the
/// no-break and typographic spaces (U+00A0, U+2000–U+200A, U+202F, U+205F, U+3000, U+1680) and the
/// line and paragraph separators U+2028 and U+2029. Controls such as TAB, CR, LF and U+0085 are
/// `White_Space` too, but are refused rather than trimmed: a line break at the edge of a name is
/// more likely an injection attempt than a typing slip. A Character that carries anything besides
/// white space (a space with a combining mark on it) is kept, so trimming never drops a visible mark.
///
/// Scalars rather than Characters are counted because storage and the wire pay per scalar, and a
/// single Character can hold any number of them: 👍🏽 is two, a family emoji seven, a decomposed é two.
/// The text is stored as given after trimming, not normalised to NFC.
enum ContactText {
    /// The most Unicode scalar values a field may hold after trimming.
    static let maximumScalars = 200

    /// Which part of the rule the text broke.
    enum Violation: Error, Hashable, Sendable {
        case empty
        case tooLong(scalarCount: Int)
        /// `position` counts scalars from 1 in the text as given, before trimming.
        case controlCharacter(codePoint: UInt32, position: Int)
    }

    /// The trimmed text, or the first rule it breaks: control characters before emptiness before length.
    static func normalise(_ text: String) throws(Violation) -> String {
        for (index, scalar) in text.unicodeScalars.enumerated() where scalar.properties.generalCategory == .control {
            throw .controlCharacter(codePoint: scalar.value, position: index + 1)
        }
        var trimmed = Substring(text)
        while let first = trimmed.first, isSpace(first) { trimmed.removeFirst() }
        while let last = trimmed.last, isSpace(last) { trimmed.removeLast() }
        guard !trimmed.isEmpty else { throw .empty }
        let count = trimmed.unicodeScalars.count
        guard count <= maximumScalars else { throw .tooLong(scalarCount: count) }
        return String(trimmed)
    }

    /// Whether `character` is white space and nothing else, and holds no control character.
    static func isSpace(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { $0.properties.isWhitespace && $0.properties.generalCategory != .control }
    }

    /// `U+000D`: how a code point is named in messages, never the character itself, which may be
    /// invisible or break the line it is printed on.
    static func codePointName(_ codePoint: UInt32) -> String {
        let hex = String(codePoint, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The sentence for `violation` of the field called `field`.
    static func message(_ violation: Violation, field: String) -> String {
        switch violation {
        case .empty:
            "\(field): must not be empty or only spaces"
        case let .tooLong(count):
            "\(field): must be at most \(maximumScalars) Unicode characters (scalar values) after trimming spaces, not \(count); shorten it"
        case let .controlCharacter(codePoint, position):
            "\(field): must not contain control characters such as line breaks or tabs; remove \(codePointName(codePoint)) at position \(position)"
        }
    }
}
