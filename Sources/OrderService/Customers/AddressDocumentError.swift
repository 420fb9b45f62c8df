import OrderDomain

/// Why a JSON value is not an address in ``ContactDocument``'s shape.
///
/// Only ``invalid(_:)`` carries anything of the value, through ``PostalAddressError`` (a code point,
/// a count, a country code), which helps the person who typed the address; a reader of stored,
/// sealed addresses should name the rule broken without it.
public enum AddressDocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The value is not a JSON object.
    case notAnObject
    /// A member other than street, city, postalCode and country is present. Its name is not kept,
    /// since inside a sealed address even a member's name is the customer's data.
    case unexpectedMember
    /// The named member is absent or not a string.
    case missingMember(String)
    /// The four strings are there but break a rule of ``PostalAddress``.
    case invalid(PostalAddressError)

    /// A sentence a user can act on, naming the field.
    public var description: String {
        switch self {
        case .notAnObject:
            "address: must be an object with street, city, postalCode and country"
        case .unexpectedMember:
            "address: may hold only street, city, postalCode and country; remove any other member"
        case let .missingMember(member):
            "address: \(member) is missing or not a string; an address needs street, city, postalCode and country"
        case let .invalid(error):
            "address: " + error.description
        }
    }
}
