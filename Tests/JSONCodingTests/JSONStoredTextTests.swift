import JSONCoding
import Testing

/// `writeCanonicalObject(storedText:)`, the quick path of `audit verify` and `export`: wherever it
/// accepts text, it must write exactly what parsing and writing the value in canonical form writes, and
/// the parser must accept that text too; anything else it must decline, leaving the writer as it was.
@Suite("Canonical form from stored text")
struct JSONStoredTextTests {
    /// The transcoder's answer after a prefix, or nil when it declined (checking that it wrote nothing then).
    static func transcoded(_ text: String) -> [UInt8]? {
        var writer = JSONTextWriter()
        writer.writeRaw("prefix")
        let accepted = Array(text.utf8).withUnsafeBufferPointer { writer.writeCanonicalObject(storedText: $0) }
        let output = writer.output
        #expect(output.starts(with: Array("prefix".utf8)))
        if !accepted {
            #expect(output == Array("prefix".utf8), "a declined text left bytes behind: \(text)")
            return nil
        }
        return Array(output.dropFirst("prefix".utf8.count))
    }

    /// What the one definition of the canonical form writes for `text`.
    static func canonical(_ text: String) throws -> [UInt8] {
        try JSONParser.parse(Array(text.utf8)).canonicalUTF8()
    }

    @Test("jsonb's output of stored objects: members sorted by key bytes, spaces dropped", arguments: [
        #"{"currency": "EUR", "customerId": "0538e8cf-ad50-57c4-9312-9f16b419cd53"}"#,
        #"{"quantity": 1, "productId": "4e7fca8a", "unitPrice": "9.99", "currency": "EUR"}"#,
        #"{"b": [1, -2, {"z": null, "a": true}, []], "a": {}, "ab": false, "a!": "x", "a ": 0}"#,
        #"{}"#, #" { "k" : [ ] } "#, "{\n\t\"n\":\r-1234567890}",
        #"{"items": [{"sku": "B", "quantity": 3}, {"sku": "A", "quantity": 10}], "note": "a/b 'c' <d>"}"#,
    ])
    func accepted(text: String) throws {
        let written = try #require(Self.transcoded(text))
        #expect(written == (try Self.canonical(text)))
    }

    @Test("text outside the plain subset, or not a JSON object, is declined", arguments: [
        #"{"a": "\"quoted\""}"#, #"{"a": "back\\slash"}"#, #"{"a": "\u00e9"}"#, "{\"a\": \"é\"}", #"{"é": 1}"#,
        #"{"a": 1.5}"#, #"{"a": 1.50}"#, #"{"a": 1e2}"#, #"{"a": 1E2}"#, #"{"a": 01}"#, #"{"a": -0}"#, #"{"a": 1234567890123456789}"#,
        #"{"a": 1, "a": 2}"#, #"[1]"#, #""a""#, #"1"#, #"{"a": 1} x"#, #"{"a": 1"#, #"{"a" 1}"#, #"{"a": 1,}"#, #"{,}"#,
        #"{"a": tru}"#, #"{"a": nul}"#, #"{"a": truex}"#, #"{"a": [1 2]}"#, #"{"a": [1,]}"#, #"{a: 1}"#, #"{"a": +1}"#, #"{"a": -}"#,
        "", " ", "{\"a\": \"tab\there\"}",
    ])
    func declined(text: String) {
        #expect(Self.transcoded(text) == nil)
    }

    @Test("objects beyond the member and depth limits are declined, not cut short")
    func limits() throws {
        let wide = "{" + (0..<33).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}"
        #expect(Self.transcoded(wide) == nil)
        let fits = "{" + (0..<32).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}"
        #expect(Self.transcoded(fits) == (try Self.canonical(fits)))
        let deep = String(repeating: #"{"a": "#, count: 17) + "1" + String(repeating: "}", count: 17)
        #expect(Self.transcoded(deep) == nil)
        // Sixteen levels in all, counting the innermost value.
        let shallow = String(repeating: #"{"a": "#, count: 15) + "1" + String(repeating: "}", count: 15)
        #expect(Self.transcoded(shallow) == (try Self.canonical(shallow)))
    }

    @Test("random values, compact and indented: accepted ones match the parsed value's canonical form")
    func randomValues() throws {
        var generator = RandomJSONValueGenerator(seed: 0x5EED_18)
        var acceptedCount = 0
        for round in 0..<3_000 {
            var object = JSONObject()
            for index in 0..<(round % 6) { object["k\(round % 7)\(index)"] = generator.value() }
            if round % 3 == 0 { object["z"] = .number(String(round)) }
            let value = JSONValue.object(object)
            for text in [value.serialized(), value.serialized(indentedBy: 2)] {
                guard let written = Self.transcoded(text) else { continue }
                acceptedCount += 1
                #expect(written == (try Self.canonical(text)), "\(text)")
            }
        }
        // The generator leans towards awkward strings and numbers, but plain ones must still come through.
        #expect(acceptedCount > 300)
    }
}
