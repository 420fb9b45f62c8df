extension JSONValue {
    /// A number value holding the decimal text of `value`.
    public static func integer(_ value: Int64) -> JSONValue {
        .number(String(value))
    }

    /// A number value holding the decimal text of `value`.
    public static func integer(_ value: Int) -> JSONValue {
        .number(String(value))
    }

    /// The string, or nil when this is not a string.
    public var stringValue: String? {
        guard case .string(let string) = self else { return nil }
        return string
    }

    /// The object, or nil when this is not an object.
    public var objectValue: JSONObject? {
        guard case .object(let object) = self else { return nil }
        return object
    }

    /// The elements, or nil when this is not an array.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The boolean, or nil when this is not `true` or `false`.
    public var boolValue: Bool? {
        guard case .bool(let bool) = self else { return nil }
        return bool
    }

    /// The number's literal text, or nil when this is not a number.
    public var numberText: String? {
        guard case .number(let text) = self else { return nil }
        return text
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        self == .null
    }

    /// Whether this is a number written without fraction or exponent, however many digits it has.
    public var isIntegerLiteral: Bool {
        guard case .number(let text) = self else { return false }
        return JSONNumberLiteral.isInteger(text)
    }

    /// The integer, when this is a number without fraction or exponent that fits in Int64; "1.0" and "1e2" give nil.
    public var exactInteger: Int64? {
        guard case .number(let text) = self else { return nil }
        return JSONNumberLiteral.integerValue(of: text)
    }
}
