import JSONCoding
import Testing

/// `JSONScalarMembers`, the quick path of a replay's payload decoding: wherever it accepts text, every
/// member must read as the parsed value's member does; anything else it must decline.
@Suite("Scalar members read in place from stored text")
struct JSONScalarMembersTests {
    /// The keys the tests look up: members are looked up by the codec's own literals.
    static let keys: [StaticString] = ["a", "b", "currency", "quantity", "productId", "missing", "a ", "a!"]

    /// What `JSONScalarMembers` reads for each of `keys`, or nil when it declined the text.
    static func read(_ text: String) -> [JSONValue?]? {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            JSONScalarMembers.withMembers(of: bytes) { members in
                keys.map { key -> JSONValue? in
                    switch members[key] {
                    case nil: nil
                    case let .string(utf8)?: .string(String(decoding: utf8, as: UTF8.self))
                    case let .integer(value)?: value.map { .number(String($0)) } ?? .string("out of range")
                    case let .bool(bool)?: .bool(bool)
                    case .null?: .null
                    }
                }
            }
        }
    }

    /// What the parser reads for each of `keys`, integers that fit in Int64 in their plain form.
    static func parsed(_ text: String) throws -> [JSONValue?] {
        guard case let .object(object) = try JSONParser.parse(Array(text.utf8)) else { return [] }
        return keys.map { key in
            guard let value = object[key.description] else { return nil }
            guard case .number = value else { return value }
            return value.exactInteger.map { .number(String($0)) } ?? .string("out of range")
        }
    }

    @Test("jsonb's output of stored payloads and other flat objects read as parsed", arguments: [
        #"{"currency": "EUR", "productId": "4e7fca8a-3497-5298-b034-7fb18d6bdb05", "quantity": 1, "unitPrice": "9.99"}"#,
        #"{"a": null, "b": true, "a ": false, "a!": -12}"#, #"{}"#, #" { "a" : 0 } "#, "{\n\t\"a\":\r-1234567890}",
        #"{"a": 99999999999999999999}"#, #"{"quantity": -9223372036854775808}"#, #"{"b": "a/b 'c' <d>", "a": ""}"#,
    ])
    func accepted(text: String) throws {
        let read = try #require(Self.read(text))
        #expect(read == (try Self.parsed(text)))
    }

    @Test("text outside the subset, or not a JSON object, or a key twice, is declined", arguments: [
        #"{"a": "\"quoted\""}"#, #"{"a": "back\\slash"}"#, #"{"a": "\u00e9"}"#, "{\"a\": \"é\"}", #"{"é": 1}"#,
        #"{"a": 1.5}"#, #"{"a": 1e2}"#, #"{"a": 01}"#, #"{"a": 1-2}"#, #"{"a": [1]}"#, #"{"a": {}}"#,
        #"{"a": 1, "a": 2}"#, #"[1]"#, #""a""#, #"1"#, #"{"a": 1} x"#, #"{"a": 1"#, #"{"a" 1}"#, #"{"a": 1,}"#, #"{,}"#,
        #"{"a": tru}"#, #"{"a": nul}"#, #"{"a": truex}"#, #"{a: 1}"#, #"{"a": +1}"#, #"{"a": -}"#, "", " ", "{\"a\": \"tab\there\"}",
    ])
    func declined(text: String) {
        #expect(Self.read(text) == nil)
    }

    @Test("objects beyond the member limit are declined, not cut short")
    func limit() throws {
        let tooMany = "{" + (0..<JSONScalarMembers.maximumCount).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", \"a\": 7}"
        #expect(Self.read(tooMany) == nil)
        let atTheLimit = "{" + (1..<JSONScalarMembers.maximumCount).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", \"a\": 7}"
        #expect(Self.read(atTheLimit) == (try Self.parsed(atTheLimit)))
    }

    @Test("random flat objects, compact and indented: accepted ones read as parsed")
    func randomValues() throws {
        var generator = RandomJSONValueGenerator(seed: 0x5CA1A5)
        var acceptedCount = 0
        for round in 0..<3_000 {
            var object = JSONObject()
            for (index, key) in ["a", "b", "currency", "quantity", "a "].enumerated() where (round >> index) & 1 == 1 {
                var value = generator.value()
                // Flat objects mostly, so that plenty are accepted; nested values must be declined.
                if round % 5 != 0, case .array = value { value = .number(String(round)) }
                if round % 5 != 0, case .object = value { value = .string("plain \(round)") }
                object[key] = value
            }
            let value = JSONValue.object(object)
            for text in [value.serialized(), value.serialized(indentedBy: 2)] {
                guard let read = Self.read(text) else { continue }
                acceptedCount += 1
                #expect(read == (try Self.parsed(text)), "\(text)")
            }
        }
        #expect(acceptedCount > 300)
    }
}
