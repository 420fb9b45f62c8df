import JSONCoding
import OrderDomain
import OrderService

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

    /// The field as written, `null` included, for fields where `null` says something: "clear it", or
    /// a refusal when the field cannot be cleared.
    private mutating func written(_ field: String) -> JSONValue? {
        readKeys.append(field)
        return object[field]
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

    // MARK: Contact details (contract §8)
    //
    // The value objects hold the rules; here their errors become line failures. A message says what is
    // wrong and never repeats the value: results may end up in logs, and the value is personal data.

    mutating func requiredPersonName(_ field: String) throws(LineFailure) -> PersonName {
        try personName(field, try required(field))
    }

    /// A new name for a change: absent keeps the current one; `null` is refused, since a customer always has a name.
    mutating func personNameReplacement(_ field: String) throws(LineFailure) -> PersonName? {
        guard let value = try replacement(field) else { return nil }
        return try personName(field, value)
    }

    mutating func requiredEmailAddress(_ field: String) throws(LineFailure) -> EmailAddress {
        try emailAddress(field, try required(field))
    }

    /// A new email address for a change: absent keeps the current one; `null` is refused, since a
    /// customer always has one.
    mutating func emailAddressReplacement(_ field: String) throws(LineFailure) -> EmailAddress? {
        guard let value = try replacement(field) else { return nil }
        return try emailAddress(field, value)
    }

    mutating func optionalPhoneNumber(_ field: String) throws(LineFailure) -> PhoneNumber? {
        guard let value = present(field) else { return nil }
        return try phoneNumber(field, value)
    }

    /// What a change does to the phone number: absent keeps it, `null` clears it, a value replaces it.
    mutating func phoneNumberChange(_ field: String) throws(LineFailure) -> OptionalFieldChange<PhoneNumber> {
        try change(field, phoneNumber)
    }

    mutating func optionalPostalAddress(_ field: String) throws(LineFailure) -> PostalAddress? {
        guard let value = present(field) else { return nil }
        return try postalAddress(field, value)
    }

    /// What a change does to the postal address: absent keeps it, `null` clears it, a value replaces it.
    mutating func postalAddressChange(_ field: String) throws(LineFailure) -> OptionalFieldChange<PostalAddress> {
        try change(field, postalAddress)
    }

    /// What a change does to a field that may be absent: absent keeps it, `null` clears it, a value read
    /// with `read` replaces it.
    private mutating func change<Value>(
        _ field: String, _ read: (String, JSONValue) throws(LineFailure) -> Value
    ) throws(LineFailure) -> OptionalFieldChange<Value> {
        guard let value = written(field) else { return .keep }
        guard value != .null else { return .clear }
        return .set(try read(field, value))
    }

    /// A field a change may replace but not clear: nil when absent, refused when `null`.
    private mutating func replacement(_ field: String) throws(LineFailure) -> JSONValue? {
        guard let value = written(field) else { return nil }
        guard value != .null else {
            throw invalid(field, "must not be null: it is required and cannot be cleared; leave it out to keep the current value")
        }
        return value
    }

    private func personName(_ field: String, _ value: JSONValue) throws(LineFailure) -> PersonName {
        try contactDetail(field, value, expected: "a string", PersonName.init)
    }

    private func emailAddress(_ field: String, _ value: JSONValue) throws(LineFailure) -> EmailAddress {
        try contactDetail(field, value, expected: "a string such as \"name@example.com\"", EmailAddress.init)
    }

    private func phoneNumber(_ field: String, _ value: JSONValue) throws(LineFailure) -> PhoneNumber {
        try contactDetail(field, value, expected: "a string in E.164 form such as \"+4930123456\"", PhoneNumber.init)
    }

    /// A string field read by a value object, whose refusal becomes the line's, without the value.
    private func contactDetail<Value, Refusal: Error & CustomStringConvertible>(
        _ field: String, _ value: JSONValue, expected: String, _ make: (String) throws(Refusal) -> Value
    ) throws(LineFailure) -> Value {
        let text = try string(field, value, expected: expected)
        do throws(Refusal) {
            return try make(text)
        } catch {
            throw Self.contactDetailFailure(field, error.description)
        }
    }

    /// The members of a postal address, in the order they are checked: the stored shape's.
    static let postalAddressMembers = ContactDocument.addressMembers

    /// An address object: first its shape (each member present and a string, in the documented order,
    /// then no other member), then the members' values in the same order. A member is named by its
    /// path, such as `address.city`.
    private func postalAddress(_ field: String, _ value: JSONValue) throws(LineFailure) -> PostalAddress {
        let takes = Self.postalAddressMembers.map { "\"\($0)\"" }.joined(separator: ", ")
        guard case let .object(address) = value else {
            throw invalid(field, "must be a JSON object with exactly \(takes), not \(CommandLineDecoder.describe(value))")
        }
        var parts: [String] = []
        for member in Self.postalAddressMembers {
            let path = "\(field).\(member)"
            guard let part = address[member], part != .null else {
                throw LineFailure(.missingField, address[member] == nil ? "\(path) is required" : "\(path) is required and must not be null", field: path)
            }
            parts.append(try string(path, part, expected: "a string"))
        }
        if let unknown = address.keys.first(where: { !Self.postalAddressMembers.contains($0) }) {
            throw LineFailure(
                .invalidField, "field \(CommandLineDecoder.quote(unknown)) is not known in \(field), which takes exactly \(takes)", field: "\(field).\(unknown)"
            )
        }
        do {
            return try PostalAddress(street: parts[0], city: parts[1], postalCode: parts[2], country: parts[3])
        } catch {
            let path = "\(field).\(Self.member(of: error))"
            switch error {
            // These two descriptions repeat the code given (or its upper-case form); say the rule instead.
            case .country(.unassigned):
                throw LineFailure(
                    .invalidField, "\(path): must be an assigned ISO 3166-1 alpha-2 code such as DE or GB; this one is reserved or not assigned (the United Kingdom is GB)", field: path
                )
            case .country(.notUpperCase):
                throw LineFailure(.invalidField, "\(path): must be two upper-case letters forming an ISO 3166-1 code such as DE or GB", field: path)
            default:
                throw Self.contactDetailFailure(path, error.description)
            }
        }
    }

    /// The address member a `PostalAddressError` is about.
    private static func member(of error: PostalAddressError) -> String {
        switch error {
        case let .empty(field), let .tooLong(field, _), let .controlCharacter(field, _, _): field.rawValue
        case .country: "country"
        }
    }

    /// `invalid_field` for a contact detail, as "field: why". The value objects' descriptions start
    /// with the field as the domain calls it ("city: ..."); the line names it as the wire does
    /// ("address.city"), so that label is replaced rather than repeated.
    private static func contactDetailFailure(_ field: String, _ description: String) -> LineFailure {
        var reason = Substring(description)
        if let colon = reason.firstRange(of: ": "), reason[..<colon.lowerBound].allSatisfy({ $0.isLetter }) {
            reason = reason[colon.upperBound...]
        }
        return LineFailure(.invalidField, "\(field): \(reason)", field: field)
    }
}
