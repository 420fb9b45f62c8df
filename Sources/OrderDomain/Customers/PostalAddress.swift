/// Where to send a customer's parcel: a street line, a city, a postal code and a country.
///
/// The three text fields follow the rule of ``ContactText`` (trimmed, 1 to 200 Unicode scalar
/// values, no control characters); the postal code is free text because its format differs by
/// country. The country is an assigned ISO 3166-1 alpha-2 code.
public struct PostalAddress: Hashable, Sendable {
    /// The street and house number, trimmed.
    public let street: String
    /// The city, trimmed.
    public let city: String
    /// The postal code, trimmed.
    public let postalCode: String
    /// The country.
    public let country: CountryCode

    /// Validates and trims every field, reporting the first broken rule in the order of the parameters.
    public init(street: String, city: String, postalCode: String, country: String) throws(PostalAddressError) {
        self.street = try Self.normalise(street, .street)
        self.city = try Self.normalise(city, .city)
        self.postalCode = try Self.normalise(postalCode, .postalCode)
        do {
            self.country = try CountryCode(country)
        } catch {
            throw .country(error)
        }
    }

    private static func normalise(_ text: String, _ field: PostalAddressError.TextField) throws(PostalAddressError) -> String {
        do {
            return try ContactText.normalise(text)
        } catch {
            switch error {
            case .empty: throw .empty(field)
            case let .tooLong(count): throw .tooLong(field, scalarCount: count)
            case let .controlCharacter(codePoint, position): throw .controlCharacter(field, codePoint: codePoint, position: position)
            }
        }
    }
}

/// Why the parts given are not a ``PostalAddress``.
public enum PostalAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field is empty or only spaces.
    case empty(TextField)
    /// The field holds more than 200 Unicode scalar values after trimming.
    case tooLong(TextField, scalarCount: Int)
    /// The field holds a control character at `position`, counted in scalars from 1.
    case controlCharacter(TextField, codePoint: UInt32, position: Int)
    /// The country is not an assigned upper-case ISO 3166-1 alpha-2 code.
    case country(CountryCodeError)

    /// The free-text fields of an address, named as the initializer's parameters.
    public enum TextField: String, Hashable, Sendable, CaseIterable {
        case street, city, postalCode
    }

    /// A sentence a user can act on, naming the field.
    public var description: String {
        switch self {
        case let .empty(field):
            ContactText.message(.empty, field: field.rawValue)
        case let .tooLong(field, count):
            ContactText.message(.tooLong(scalarCount: count), field: field.rawValue)
        case let .controlCharacter(field, codePoint, position):
            ContactText.message(.controlCharacter(codePoint: codePoint, position: position), field: field.rawValue)
        case let .country(error):
            error.description
        }
    }
}
