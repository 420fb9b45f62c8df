import JSONCoding
import Testing

@Suite("Parsing valid values")
struct JSONParserValueTests {
    @Test(
        "Every scalar kind parses to its case",
        arguments: [
            ("null", JSONValue.null),
            ("true", .bool(true)),
            ("false", .bool(false)),
            ("0", .number("0")),
            ("-12.5e+3", .number("-12.5e+3")),
            ("\"text\"", .string("text")),
            ("\"\"", .string("")),
        ]
    )
    func scalar(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test("Empty containers parse")
    func emptyContainers() throws {
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse("{}") == .object(JSONObject()))
        #expect(try JSONParser.parse("[ ]") == .array([]))
        #expect(try JSONParser.parse("{ \n }") == .object(JSONObject()))
    }

    @Test("Nested arrays and objects parse with every element in place")
    func nestedContainers() throws {
        let parsed = try JSONParser.parse(#"[1,"a",null,[true,[]],{"k":false,"o":{"deep":[{}]}}]"#)
        let expected: JSONValue = [
            1, "a", nil, [true, []],
            ["k": false, "o": ["deep": [.object(JSONObject())]]],
        ]
        #expect(parsed == expected)
    }

    @Test("A typical command line parses into an object with typed members")
    func commandLine() throws {
        let line = #"{"command":"placeOrder","orderId":"A-17","lines":[{"sku":"KB-1","quantity":2}],"note":null}"#
        let object = try #require(try JSONParser.parse(line).objectValue)
        #expect(object["command"] == "placeOrder")
        #expect(object["orderId"]?.stringValue == "A-17")
        #expect(object["note"] == .null)
        let firstLine = try #require(object["lines"]?.arrayValue?.first?.objectValue)
        #expect(firstLine["quantity"]?.exactInteger == 2)
    }

    @Test("Object keys keep their input order")
    func keyOrder() throws {
        let object = try #require(try JSONParser.parse(#"{"zulu":1,"alpha":2,"mike":3,"bravo":4}"#).objectValue)
        #expect(object.keys == ["zulu", "alpha", "mike", "bravo"])
        #expect(object.members.map(\.value) == [1, 2, 3, 4])
    }

    @Test("Space, tab, line feed and carriage return are allowed around every token")
    func whitespace() throws {
        let parsed = try JSONParser.parse(" \t\r\n{ \"a\" \t: \r\n[ 1 , 2 ] , \"b\":true }\n")
        #expect(parsed == ["a": [1, 2], "b": true])
    }

    @Test(
        "Other whitespace-like characters are refused",
        arguments: [
            ("\u{0C}1", 0),  // form feed
            ("\u{0B}1", 0),  // vertical tab
            ("\u{A0}1", 0),  // no-break space
            ("\u{FEFF}1", 0),  // byte order mark
            ("[1,\u{2028}2]", 3),  // line separator
        ]
    )
    func otherWhitespace(text: String, offset: Int) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .unexpectedCharacter)
        #expect(error.byteOffset == offset)
    }

    @Test("Bytes, slices, strings and non-contiguous collections parse alike")
    func inputKinds() throws {
        let text = #"{"a":[1,"é",{"b":null}]}"#
        let expected = try JSONParser.parse(text)
        let bytes = Array(text.utf8)
        #expect(try JSONParser.parse(bytes) == expected)
        #expect(try JSONParser.parse(text.utf8) == expected)
        #expect(try JSONParser.parse(([0x20] + bytes + [0x20])[1...]) == expected)
        let lazyBytes = bytes.lazy.map { $0 }
        #expect(lazyBytes.withContiguousStorageIfAvailable { _ in true } == nil)
        #expect(try JSONParser.parse(lazyBytes) == expected)
    }
}
