import JSONCoding
import Testing

@Suite("Parsing numbers")
struct JSONParserNumberTests {
    @Test(
        "Valid literals keep their exact text",
        arguments: [
            "0", "-0", "1", "-1", "10", "1234567890", "123456789012345678901234567890", "0.5", "-0.0", "1.25",
            "1e5", "1E5", "1e+5", "1e-5", "1.5e-10", "0e0", "-0.0e-0", "2.50", "1E+0009",
        ]
    )
    func valid(text: String) throws {
        #expect(try JSONParser.parse(text) == .number(text))
        #expect(try JSONParser.parse("[\(text),\(text)]") == .array([.number(text), .number(text)]))
        #expect(try JSONParser.parse("{\"n\":\(text)}").objectValue?["n"]?.numberText == text)
    }

    @Test(
        "Invalid literals are refused where the grammar breaks",
        arguments: [
            ("01", JSONParseError.Kind.invalidNumber, 1),
            ("00", .invalidNumber, 1),
            ("-01", .invalidNumber, 2),
            ("+1", .unexpectedCharacter, 0),
            (".5", .unexpectedCharacter, 0),
            ("1.", .invalidNumber, 2),
            ("1.e5", .invalidNumber, 2),
            ("1e", .invalidNumber, 2),
            ("1e+", .invalidNumber, 3),
            ("1E-x", .invalidNumber, 3),
            ("NaN", .unexpectedCharacter, 0),
            ("Infinity", .unexpectedCharacter, 0),
            ("-Infinity", .invalidNumber, 1),
            ("-", .invalidNumber, 1),
            ("- 1", .invalidNumber, 1),
            ("0x1F", .invalidNumber, 1),
            ("1.5.2", .invalidNumber, 3),
            ("1-2", .invalidNumber, 1),
            ("1e5e5", .invalidNumber, 3),
            ("12abc", .invalidNumber, 2),
            ("[1.]", .invalidNumber, 3),
            ("[-]", .invalidNumber, 2),
            ("{\"n\":01}", .invalidNumber, 6),
            ("\u{FF11}", .unexpectedCharacter, 0),  // fullwidth digit one
        ]
    )
    func invalid(text: String, kind: JSONParseError.Kind, offset: Int) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == kind)
        #expect(error.byteOffset == offset)
    }

    @Test("Numbers end cleanly at delimiters and whitespace")
    func delimiters() throws {
        #expect(try JSONParser.parse("[1,-2.5e3 ,0\n]") == [1, .number("-2.5e3"), 0])
        #expect(try JSONParser.parse("{\"a\":0,\"b\":-0.1}") == ["a": 0, "b": .number("-0.1")])
        #expect(try JSONParser.parse("  7\t") == 7)
    }
}
