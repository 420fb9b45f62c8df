/// Why a JSON text was refused, and the byte where the problem was found.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of problem the parser reports.
    public enum Kind: Equatable, Sendable {
        /// The input is not well-formed UTF-8 (including overlong forms, encoded surrogates and bytes above F4).
        case invalidUTF8
        /// The input stops in the middle of a value.
        case unexpectedEnd
        /// A character that cannot start or continue the value at that point.
        case unexpectedCharacter
        /// A number that does not follow the RFC 8259 grammar.
        case invalidNumber
        /// An unknown backslash escape, bad `\u` digits, or a lone UTF-16 surrogate.
        case invalidEscape
        /// A raw U+0000...U+001F inside a string, which JSON requires to be escaped.
        case unescapedControlCharacter
        /// An object repeats a key (compared after unescaping).
        case duplicateKey(String)
        /// Arrays and objects are nested deeper than the limit.
        case tooDeep(limit: Int)
        /// Something other than whitespace follows the value.
        case trailingContent
        /// The input is empty or only whitespace.
        case emptyInput
    }

    /// What went wrong.
    public var kind: Kind

    /// The 0-based offset in the input where the problem was found.
    public var byteOffset: Int

    /// The character met for `unexpectedCharacter`, kept only so the description can name it.
    let unexpectedScalar: Unicode.Scalar?

    /// Creates an error of the given kind at a byte offset.
    public init(kind: Kind, byteOffset: Int) {
        self.init(kind: kind, byteOffset: byteOffset, unexpectedScalar: nil)
    }

    /// Creates an error that can also name the character it stopped at.
    init(kind: Kind, byteOffset: Int, unexpectedScalar: Unicode.Scalar?) {
        self.kind = kind
        self.byteOffset = byteOffset
        self.unexpectedScalar = unexpectedScalar
    }

    /// Errors are equal when they report the same kind at the same offset; the named character follows from the input.
    public static func == (left: JSONParseError, right: JSONParseError) -> Bool {
        left.kind == right.kind && left.byteOffset == right.byteOffset
    }
}
