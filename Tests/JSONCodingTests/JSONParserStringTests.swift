import JSONCoding
import Testing

@Suite("Parsing strings")
struct JSONParserStringTests {
    @Test(
        "Every escape decodes",
        arguments: [
            (#""\"""#, "\""),
            (#""\\""#, "\\"),
            (#""\/""#, "/"),
            (#""\b""#, "\u{8}"),
            (#""\f""#, "\u{C}"),
            (#""\n""#, "\n"),
            (#""\r""#, "\r"),
            (#""\t""#, "\t"),
            (#""\u0041""#, "A"),
            (#""\u00e9""#, "é"),
            (#""\u00E9""#, "é"),
            (#""\u20AC""#, "€"),
            (#""\u0000""#, "\u{0}"),
            (#""\u001f""#, "\u{1F}"),
            (#""\u2028""#, "\u{2028}"),
            (#""\uFFFF""#, "\u{FFFF}"),
        ]
    )
    func escape(text: String, expected: String) throws {
        #expect(try JSONParser.parse(text) == .string(expected))
    }

    @Test("Escapes mix with plain text, including text longer than the eight-byte scan")
    func mixedEscapes() throws {
        let text = #""plain text first\tthen a tab, a quote \" and \\ and é and \u00e9 then more plain text""#
        let expected = "plain text first\tthen a tab, a quote \" and \\ and é and é then more plain text"
        #expect(try JSONParser.parse(text) == .string(expected))
        #expect(try JSONParser.parse(#"["\n","x","\"y\""]"#) == ["\n", "x", "\"y\""])
    }

    @Test(
        "Surrogate pairs combine into one scalar",
        arguments: [
            (#""\ud83e\uddfe""#, "🧾"),
            (#""\uD834\uDD1E""#, "𝄞"),
            (#""\ud800\udc00""#, "\u{10000}"),
            (#""\udbff\udfff""#, "\u{10FFFF}"),
            (#""a\ud83d\ude00b""#, "a😀b"),
        ]
    )
    func surrogatePair(text: String, expected: String) throws {
        let parsed = try #require(try JSONParser.parse(text).stringValue)
        #expect(parsed == expected)
        #expect(parsed.unicodeScalars.count == expected.unicodeScalars.count)
    }

    @Test(
        "Lone or mismatched surrogates are invalid escapes at the first backslash",
        arguments: [
            (#""\ud800""#, 1),
            (#""\ud800x""#, 1),
            (#""\ud800\n""#, 1),
            (#""\ud800\ud800""#, 1),
            (#""\ud800\u0041""#, 1),
            (#""\udc00""#, 1),
            (#""\udfff\ud800""#, 1),
            (#""ab\udfff""#, 3),
        ]
    )
    func loneSurrogate(text: String, offset: Int) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .invalidEscape)
        #expect(error.byteOffset == offset)
    }

    @Test(
        "Unknown escapes and bad hex digits are invalid escapes",
        arguments: [#""\x""#, #""\'""#, #""\a""#, #""\0""#, #""\U0041""#, #""\u12g4""#, #""\u00""#, #""\ ""#]
    )
    func invalidEscape(text: String) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .invalidEscape)
        #expect(error.byteOffset == 1)
    }

    @Test("Raw control characters inside strings are refused at their byte", arguments: Array(UInt8(0)...0x1f))
    func rawControlCharacter(byte: UInt8) throws {
        let error = try #require(JSONParser.failure(parsing: Array(#""ab"#.utf8) + [byte] + Array(#"c""#.utf8)))
        #expect(error.kind == .unescapedControlCharacter)
        #expect(error.byteOffset == 3)

        // Also after an escape, where the slower decoding path is active.
        let afterEscape = try #require(JSONParser.failure(parsing: Array(#""\n"#.utf8) + [byte, 0x22]))
        #expect(afterEscape.kind == .unescapedControlCharacter)
        #expect(afterEscape.byteOffset == 3)
    }

    @Test("Raw NUL outside strings is an unexpected character")
    func rawNulOutsideStrings() throws {
        let alone = try #require(JSONParser.failure(parsing: [0x00]))
        #expect(alone.kind == .unexpectedCharacter)
        #expect(alone.byteOffset == 0)
        #expect(alone.description == "unexpected character U+0000 at byte 0")

        let inArray = try #require(JSONParser.failure(parsing: Array("[1,".utf8) + [0x00, 0x5d]))
        #expect(inArray.kind == .unexpectedCharacter)
        #expect(inArray.byteOffset == 3)

        let beforeColon = try #require(JSONParser.failure(parsing: Array(#"{"a""#.utf8) + [0x00] + Array(":1}".utf8)))
        #expect(beforeColon.kind == .unexpectedCharacter)
        #expect(beforeColon.byteOffset == 4)
    }

    @Test("DEL and other non-control characters may appear raw")
    func rawNonControl() throws {
        #expect(try JSONParser.parse(Array("\"a\u{7F}b\"".utf8)) == .string("a\u{7F}b"))
        #expect(try JSONParser.parse("\"\u{2028}\u{2029}\"") == .string("\u{2028}\u{2029}"))
    }

    @Test(
        "Strings cut short report the end of input",
        arguments: [#"""#, #""abc"#, #""abc\"#, #""\u12"#, #""\ud83e"#, #""\ud83e\"#, #""\ud83e\udd"#, #""a\"b"#]
    )
    func unterminated(text: String) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .unexpectedEnd)
        #expect(error.byteOffset == text.utf8.count)
    }
}
