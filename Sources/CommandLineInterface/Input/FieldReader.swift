import JSONCoding
import OrderDomain

/// Typed, field-naming access to a command line's members; remembers which keys were read so the
/// rest can be refused as unknown. `null` counts as absent for optional fields.
struct FieldReader {
    let object: JSONObject
    private(set) var readKeys: [String] = []

    init(object: JSONObject) {
        self.object = object
    }

    /// Keys present on the line that no reader asked for, in line order.
    var unreadKeys: [String] { object.keys.filter { !readKeys.contains($0) } }

    private mutating func present(_ field: String) -> JSONValue? {
        readKeys.append(field)
        guard let value = object[field], value != .null else { return nil }
        return value
    }

    private mutating func required(_ field: String) throws(LineFailure) -> JSONValue {
        guard let value = present(field) else {
            throw LineFailure(.missingField, object[field] == nil ? "\(field) is required" : "\(field) is required and must not be null", field: field)
        }
        return value
    }

    private func invalid(_ field: String, _ why: String) -> LineFailure {
        LineFailure(.invalidField, "\(field) \(why)", field: field)
    }

    private func string(_ field: String, _ value: JSONValue, expected: String) throws(LineFailure) -> String {
        guard case let .string(text) = value else {
            throw invalid(field, "must be \(expected), not \(CommandLineDecoder.describe(value))")
        }
        return text
    }

    mutating func requiredString(_ field: String) throws(LineFailure) -> String {
        try string(field, try required(field), expected: "a string")
    }

    mutating func requiredIdentifier<Entity>(_ field: String) throws(LineFailure) -> Identifier<Entity> {
        try identifier(field, try required(field))
    }

    mutating func optionalIdentifier<Entity>(_ field: String) throws(LineFailure) -> Identifier<Entity>? {
        guard let value = present(field) else { return nil }
        return try identifier(field, value)
    }

    private func identifier<Entity>(_ field: String, _ value: JSONValue) throws(LineFailure) -> Identifier<Entity> {
        let text = try string(field, value, expected: "a UUID string")
        guard let identifier = Identifier<Entity>(text) else {
            throw invalid(field, "must be a UUID such as \"3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a\", not \(CommandLineDecoder.quote(text))")
        }
        return identifier
    }

    mutating func requiredInteger(_ field: String, in range: ClosedRange<Int64>) throws(LineFailure) -> Int64 {
        try integer(field, try required(field), in: range)
    }

    mutating func optionalInteger(_ field: String, in range: ClosedRange<Int64>) throws(LineFailure) -> Int64? {
        guard let value = present(field) else { return nil }
        return try integer(field, value, in: range)
    }

    private func integer(_ field: String, _ value: JSONValue, in range: ClosedRange<Int64>) throws(LineFailure) -> Int64 {
        let bounds = range.upperBound == CommandLineDecoder.largestInteger ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
        guard case .number = value else { throw invalid(field, "must be an integer \(bounds), not \(CommandLineDecoder.describe(value))") }
        guard value.isIntegerLiteral else { throw invalid(field, "must be a whole number written without a fraction or exponent, not \(value.numberText ?? "")") }
        guard let integer = value.exactInteger else {
            throw invalid(field, "is too large: \((value.numberText ?? "").prefix(40)) does not fit in 64 bits")
        }
        guard range.contains(integer) else {
            throw invalid(field, "must be \(bounds), not \((value.numberText ?? "").prefix(40))")
        }
        return integer
    }

    mutating func requiredDecimal(_ field: String) throws(LineFailure) -> DecimalAmount {
        let value = try required(field)
        if case let .number(text) = value {
            // A JSON number would pass through binary floating point in many senders; demand the exact text.
            throw invalid(field, "must be a decimal string such as \"19.99\", not the number \(text)")
        }
        let text = try string(field, value, expected: "a decimal string such as \"19.99\"")
        switch DecimalAmount.parse(text) {
        case let .success(amount):
            return amount
        case .failure(.negative):
            throw invalid(field, "must not be negative (\(CommandLineDecoder.quote(text)))")
        case .failure(.tooLarge):
            throw invalid(field, "is too large to be held exactly (\(CommandLineDecoder.quote(text)))")
        case .failure(.malformed):
            throw invalid(field, "must be digits with an optional decimal point, such as \"19.99\", not \(CommandLineDecoder.quote(text))")
        }
    }

    mutating func requiredCurrency(_ field: String) throws(LineFailure) -> Currency {
        try currency(field, try required(field))
    }

    mutating func optionalCurrency(_ field: String) throws(LineFailure) -> Currency? {
        guard let value = present(field) else { return nil }
        return try currency(field, value)
    }

    private func currency(_ field: String, _ value: JSONValue) throws(LineFailure) -> Currency {
        let code = try string(field, value, expected: "an ISO 4217 code such as \"EUR\"")
        guard let currency = Currency(code: code) else {
            throw invalid(field, "must be a supported upper-case ISO 4217 code such as \"EUR\", \"USD\", \"JPY\" or \"KWD\", not \(CommandLineDecoder.quote(code))")
        }
        return currency
    }

    mutating func optionalText(_ field: String) throws(LineFailure) -> String? {
        guard let value = present(field) else { return nil }
        let text = try string(field, value, expected: "a string")
        guard text.count <= CommandLineDecoder.maximumTextLength else {
            throw invalid(field, "must be at most \(CommandLineDecoder.maximumTextLength) characters long")
        }
        return text
    }

    mutating func optionalObject(_ field: String) throws(LineFailure) -> JSONObject? {
        guard let value = present(field) else { return nil }
        guard case let .object(object) = value else { throw invalid(field, "must be a JSON object, not \(CommandLineDecoder.describe(value))") }
        return object
    }
}
