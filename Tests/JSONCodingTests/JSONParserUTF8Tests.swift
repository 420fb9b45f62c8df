import JSONCoding
import Testing

@Suite("Parsing and UTF-8 well-formedness")
struct JSONParserUTF8Tests {
    /// Bytes that are not UTF-8, where they sit, and what is wrong with them.
    struct IllFormedInput: Sendable, CustomTestStringConvertible {
        let bytes: [UInt8]
        let offset: Int
        let testDescription: String
    }

    static let quote = UInt8(ascii: "\"")

    static let illFormedInputs: [IllFormedInput] = [
        IllFormedInput(bytes: [quote, 0x80, quote], offset: 1, testDescription: "lone continuation byte"),
        IllFormedInput(bytes: [quote, 0x61, 0xbf, quote], offset: 2, testDescription: "continuation byte after ASCII"),
        IllFormedInput(bytes: [quote, 0xc0, 0xaf, quote], offset: 1, testDescription: "overlong two-byte '/'"),
        IllFormedInput(bytes: [quote, 0xc1, 0xbf, quote], offset: 1, testDescription: "overlong two-byte U+007F"),
        IllFormedInput(bytes: [quote, 0xe0, 0x80, 0xaf, quote], offset: 1, testDescription: "overlong three-byte"),
        IllFormedInput(bytes: [quote, 0xf0, 0x80, 0x80, 0xaf, quote], offset: 1, testDescription: "overlong four-byte"),
        IllFormedInput(bytes: [quote, 0xed, 0xa0, 0x80, quote], offset: 1, testDescription: "encoded high surrogate"),
        IllFormedInput(bytes: [quote, 0xed, 0xbf, 0xbf, quote], offset: 1, testDescription: "encoded low surrogate"),
        IllFormedInput(
            bytes: [quote, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, quote],
            offset: 1,
            testDescription: "CESU-8 surrogate pair"
        ),
        IllFormedInput(bytes: [quote, 0xf4, 0x90, 0x80, 0x80, quote], offset: 1, testDescription: "above U+10FFFF"),
        IllFormedInput(bytes: [quote, 0xf5, 0x80, 0x80, 0x80, quote], offset: 1, testDescription: "lead byte F5"),
        IllFormedInput(bytes: [quote, 0xff, quote], offset: 1, testDescription: "byte FF"),
        IllFormedInput(bytes: [quote, 0xfe, quote], offset: 1, testDescription: "byte FE"),
        IllFormedInput(bytes: [quote, 0xe2, 0x82, quote], offset: 1, testDescription: "three-byte sequence cut short"),
        IllFormedInput(bytes: [quote, 0xe2, 0x82], offset: 1, testDescription: "sequence cut by the end of input"),
        IllFormedInput(bytes: [quote, 0xc3, 0x28, quote], offset: 1, testDescription: "lead byte then ASCII"),
        IllFormedInput(bytes: Array("[1, ".utf8) + [0xff, 0x5d], offset: 4, testDescription: "outside any string"),
        IllFormedInput(bytes: Array("{}".utf8) + [0xfe], offset: 2, testDescription: "after a complete value"),
        IllFormedInput(bytes: [0xef, 0xbb, 0xbf, 0xff], offset: 3, testDescription: "after a byte order mark"),
        IllFormedInput(
            bytes: Array(#"{"orderId": "abcd"#.utf8) + [0xff] + Array(#""}"#.utf8),
            offset: 17,
            testDescription: "inside a value after ASCII that spans the eight-byte fast path"
        ),
    ]

    @Test("Ill-formed UTF-8 is refused where it starts", arguments: illFormedInputs)
    func illFormed(_ input: IllFormedInput) throws {
        let error = try #require(JSONParser.failure(parsing: input.bytes))
        #expect(error.kind == .invalidUTF8)
        #expect(error.byteOffset == input.offset)
        #expect(error.description == "invalid UTF-8 at byte \(input.offset)")
    }

    @Test(
        "Well-formed multi-byte characters pass through unchanged",
        arguments: ["é", "€", "𝄞", "🧾", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}", "日本語のテキスト"]
    )
    func wellFormed(text: String) throws {
        #expect(try JSONParser.parse("\"\(text)\"") == .string(text))
        #expect(try JSONParser.parse(Array("{\"\(text)\":1}".utf8)).objectValue?.keys == [text])
    }
}
