import JSONCoding
import Testing

@Suite("JSON values")
struct JSONValueTests {
    @Test("Literals build the matching cases, integers as decimal text")
    func literals() {
        let string: JSONValue = "text"
        let bool: JSONValue = true
        let null: JSONValue = nil
        let integer: JSONValue = -42
        let array: JSONValue = [1, "two", nil]
        let object: JSONValue = ["b": 1, "a": [false]]
        #expect(string == .string("text"))
        #expect(bool == .bool(true))
        #expect(null == .null)
        #expect(integer == .number("-42"))
        #expect(array == .array([.number("1"), .string("two"), .null]))
        #expect(object == .object(JSONObject([
            JSONMember(key: "b", value: .number("1")),
            JSONMember(key: "a", value: .array([.bool(false)])),
        ])))
    }

    @Test("Integer helpers write plain decimal text")
    func integerHelpers() {
        #expect(JSONValue.integer(Int64.min) == .number("-9223372036854775808"))
        #expect(JSONValue.integer(Int64.max) == .number("9223372036854775807"))
        #expect(JSONValue.integer(0 as Int) == .number("0"))
        #expect(JSONValue.integer(-7 as Int) == .number("-7"))
        #expect(JSONValue.integer(Int64.min).exactInteger == Int64.min)
    }

    @Test("Each accessor answers only for its own case")
    func accessors() {
        let values: [JSONValue] = [.null, true, .number("1.5"), "s", [1], ["k": 2]]
        #expect(values.map(\.stringValue) == [nil, nil, nil, "s", nil, nil])
        #expect(values.map(\.boolValue) == [nil, true, nil, nil, nil, nil])
        #expect(values.map(\.numberText) == [nil, nil, "1.5", nil, nil, nil])
        #expect(values.map(\.arrayValue) == [nil, nil, nil, nil, [1], nil])
        #expect(values.map(\.objectValue) == [nil, nil, nil, nil, nil, ["k": 2]])
        #expect(values.map(\.isNull) == [true, false, false, false, false, false])
    }

    @Test(
        "exactInteger answers only for integer literals that fit Int64",
        arguments: [
            ("0", Int64?.some(0), true),
            ("-0", 0, true),
            ("-5", -5, true),
            ("42", 42, true),
            ("9223372036854775807", Int64.max, true),
            ("-9223372036854775808", Int64.min, true),
            ("9223372036854775808", nil, true),
            ("-9223372036854775809", nil, true),
            ("99999999999999999999", nil, true),
            ("1.0", nil, false),
            ("1e2", nil, false),
            ("-0.0", nil, false),
            ("1E+2", nil, false),
        ]
    )
    func exactInteger(literal: String, expected: Int64?, isIntegerLiteral: Bool) throws {
        let parsed = try JSONParser.parse(literal)
        #expect(parsed.exactInteger == expected)
        #expect(parsed.isIntegerLiteral == isIntegerLiteral)
    }

    @Test("Non-numbers and hand-built malformed number text are never integers")
    func notIntegers() {
        let values: [JSONValue] = ["5", true, .null, [5], .number(""), .number("-"), .number("007"), .number("+5"), .number("5 ")]
        for value in values {
            #expect(value.exactInteger == nil, "\(value)")
            #expect(!value.isIntegerLiteral, "\(value)")
        }
    }
}
