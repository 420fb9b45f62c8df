import JSONCoding
import Testing

@Suite("Parse error messages")
struct JSONParseErrorTests {
    @Test(
        "Each kind reads as one sentence naming the byte",
        arguments: [
            ([0x22, 0x61, 0xff, 0x22] as [UInt8], "invalid UTF-8 at byte 2"),
            (Array("[1,x]".utf8), "unexpected character 'x' at byte 3"),
            (Array("[1,\t\u{1}]".utf8), "unexpected character U+0001 at byte 4"),
            (Array("[1, é]".utf8), "unexpected character U+00E9 at byte 4"),
            (Array("[1".utf8), "unexpected end of input at byte 2"),
            (Array("01".utf8), "invalid number at byte 1; numbers look like 0, -12, 3.25 or 1e6"),
            (Array("{} []".utf8), "unexpected content after the JSON value at byte 3"),
            (Array("   ".utf8), "empty input; expected a JSON value"),
            (Array(#"{"a":1,"a":2}"#.utf8), #"duplicate key "a" at byte 7"#),
        ]
    )
    func description(input: [UInt8], expected: String) throws {
        let error = try #require(JSONParser.failure(parsing: input))
        #expect(error.description == expected)
        #expect("\(error)" == expected)
    }

    @Test("Escape and control-character messages say how to fix the string")
    func stringMessages() throws {
        let escape = try #require(JSONParser.failure(parsing: #""\x""#))
        #expect(escape.description.hasPrefix("invalid escape sequence at byte 1; use "))
        let control = try #require(JSONParser.failure(parsing: "\"a\nb\""))
        #expect(control.description.hasPrefix("unescaped control character in a string at byte 2; "))
        #expect(control.description.contains(#"\n"#))
    }

    @Test("Long duplicate keys are cut to 40 characters in the message but kept whole in the kind")
    func longKey() throws {
        let key = String(repeating: "k", count: 5_000)
        let error = try #require(JSONParser.failure(parsing: "{\"\(key)\":1,\"\(key)\":2}"))
        #expect(error.kind == .duplicateKey(key))
        #expect(error.description == "duplicate key \"\(String(repeating: "k", count: 40))…\" at byte 5006")
    }

    @Test("Control, format and quote characters in a quoted key are escaped, not printed raw")
    func hostileKey() throws {
        let text = #"{"\u001b[31mred\u202e\"x":1,"\u001b[31mred\u202e\"x":2}"#
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .duplicateKey("\u{1B}[31mred\u{202E}\"x"))
        #expect(error.description == #"duplicate key "\u001b[31mred\u202e\"x" at byte 28"#)
        #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
    }

    @Test("The message of an error deep in a long input stays short")
    func messageStaysShort() throws {
        let longInput = "[" + String(repeating: "\"filler text\",", count: 10_000) + "x]"
        let error = try #require(JSONParser.failure(parsing: longInput))
        #expect(error.kind == .unexpectedCharacter)
        #expect(error.description.count < 60)
    }

    @Test("Errors compare by kind and offset, so expected errors can be written out")
    func equality() throws {
        let error = try #require(JSONParser.failure(parsing: "[1,x]"))
        #expect(error == JSONParseError(kind: .unexpectedCharacter, byteOffset: 3))
        #expect(error != JSONParseError(kind: .unexpectedCharacter, byteOffset: 2))
        #expect(error != JSONParseError(kind: .invalidNumber, byteOffset: 3))
        #expect(JSONParseError(kind: .duplicateKey("a"), byteOffset: 1) != JSONParseError(kind: .duplicateKey("b"), byteOffset: 1))
    }
}
