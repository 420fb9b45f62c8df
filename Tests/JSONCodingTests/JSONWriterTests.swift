import JSONCoding
import Testing

@Suite("Writing JSON text")
struct JSONWriterTests {
    static let sample: JSONValue = [
        "orderId": "A-17",
        "lines": [["sku": "KB-1", "quantity": 2]],
        "paid": false,
        "note": nil,
        "tags": [],
        "meta": .object(JSONObject()),
        "total": .number("12.50"),
    ]

    @Test("Compact output has no whitespace and keeps member order")
    func compact() {
        let value: JSONValue = ["a": 1, "b": [true, nil]]
        #expect(value.serialized() == #"{"a":1,"b":[true,null]}"#)
        #expect(
            Self.sample.serialized()
                == #"{"orderId":"A-17","lines":[{"sku":"KB-1","quantity":2}],"paid":false,"note":null,"tags":[],"meta":{},"total":12.50}"#
        )
    }

    @Test("Indented output matches the expected text exactly")
    func indented() {
        let expected = """
            {
              "orderId": "A-17",
              "lines": [
                {
                  "sku": "KB-1",
                  "quantity": 2
                }
              ],
              "paid": false,
              "note": null,
              "tags": [],
              "meta": {},
              "total": 12.50
            }
            """
        #expect(Self.sample.serialized(indentedBy: 2) == expected)
    }

    @Test("Indent width is honoured")
    func indentWidth() {
        let value: JSONValue = ["a": [1]]
        #expect(value.serialized(indentedBy: 4) == "{\n    \"a\": [\n        1\n    ]\n}")
        #expect(value.serialized(indentedBy: 0) == "{\n\"a\": [\n1\n]\n}")
    }

    @Test("Scalars and empty containers are written on one line in both styles", arguments: [
        (JSONValue.null, "null"), (true, "true"), (false, "false"), (.number("-0.5e3"), "-0.5e3"),
        ("x", #""x""#), (.array([]), "[]"), (.object(JSONObject()), "{}"),
    ])
    func scalars(value: JSONValue, expected: String) {
        #expect(value.serialized() == expected)
        #expect(value.serialized(indentedBy: 2) == expected)
    }

    @Test(
        "Strings escape quotes, backslashes and control characters only",
        arguments: [
            ("plain", #""plain""#),
            ("say \"hi\"", #""say \"hi\"""#),
            ("back\\slash", #""back\\slash""#),
            ("a/b", #""a/b""#),
            ("\u{8}\u{C}\n\r\t", #""\b\f\n\r\t""#),
            ("\u{0}", #""\u0000""#),
            ("\u{1}\u{1B}\u{1F}", #""\u0001\u001b\u001f""#),
            ("\u{7F}", "\"\u{7F}\""),
            ("é€🧾", "\"é€🧾\""),
            ("\u{2028}\u{2029}", "\"\u{2028}\u{2029}\""),
        ]
    )
    func stringEscaping(string: String, expected: String) {
        #expect(JSONValue.string(string).serialized() == expected)
        // Keys go through the same escaping.
        #expect(JSONValue.object([string: 1]).serialized() == "{\(expected):1}")
    }

    @Test("Every control character has an escape and no raw control byte is ever written")
    func allControlCharacters() {
        let allControls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let written = JSONValue.string(allControls).serialized()
        #expect(!written.utf8.contains { $0 < 0x20 })
        #expect(written.hasPrefix(#""\u0000\u0001"#))
        #expect(written.hasSuffix(#"\u001e\u001f""#))
    }

    @Test("UTF-8 output matches the String output byte for byte")
    func utf8Output() {
        #expect(Self.sample.serializedUTF8() == Array(Self.sample.serialized().utf8))
    }

    @Test("A writer grows past its first buffer, lends what it wrote, and starts again after removeAll")
    func growingAndReused() {
        var writer = JSONTextWriter()
        // Far past the first 256 bytes, with escapes at both ends of the buffer's growth.
        let long = String(repeating: "ab\"c\n\u{1}é", count: 5_000)
        writer.writeString(long)
        let expected = "\"" + String(repeating: #"ab\"c\n\u0001é"#, count: 5_000) + "\""
        #expect(writer.output == Array(expected.utf8))
        #expect(writer.byteCount == expected.utf8.count)
        #expect(writer.withOutput { Array($0) } == writer.output)
        writer.removeAll()
        #expect(writer.byteCount == 0 && writer.output.isEmpty)
        writer.reserveCapacity(10)
        writer.writeRaw("[")
        writer.writeInteger(-42)
        writer.writeRaw(",")
        writer.writeInteger(Int64.min)
        writer.writeRaw("]")
        #expect(String(decoding: writer.output, as: UTF8.self) == "[-42,-9223372036854775808]")
    }
}
