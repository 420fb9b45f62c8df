import JSONCoding
import OrderDomain

/// A customer's contact details as a JSON document, the one place their shape is written down.
///
/// `query customer` shows a customer's `contact` in this shape, `replay` shows a customer's state
/// in it, and ``CustomerEventCodec`` seals an address as the text of ``address(_:)`` and reads it
/// back through ``address(from:)``, so that what is stored, shown and read agree member for member:
///
///     {"name": "…", "email": "…", "phone": "+…" | null,
///      "address": {"street": "…", "city": "…", "postalCode": "…", "country": "DE"} | null}
///
/// Members are written in that fixed order, so the same details always give the same text.
public enum ContactDocument {
    /// The member names of an address, in the order they are written.
    public static let addressMembers = ["street", "city", "postalCode", "country"]

    /// The details as an object of `name`, `email`, `phone` and `address`, in that order; a phone
    /// or address the customer did not give is `null` rather than absent, so a reader sees every
    /// member the shape has.
    public static func json(_ contact: ContactInfo) -> JSONValue {
        [
            "name": .string(contact.name.value),
            "email": .string(contact.email.value),
            "phone": contact.phone.map { .string($0.value) } ?? .null,
            "address": contact.address.map(address) ?? .null,
        ]
    }

    /// The address as an object of `street`, `city`, `postalCode` and `country`, in that order.
    public static func address(_ address: PostalAddress) -> JSONValue {
        [
            "street": .string(address.street),
            "city": .string(address.city),
            "postalCode": .string(address.postalCode),
            "country": .string(address.country.rawValue),
        ]
    }

    /// The address an object of ``address(_:)``'s shape holds, validated by ``PostalAddress``.
    ///
    /// Members may come in any order, since the meaning does not depend on it, but all four must be
    /// strings and no other member may be present: a member this shape does not know could only be
    /// data that would be silently dropped.
    public static func address(from document: JSONValue) throws(AddressDocumentError) -> PostalAddress {
        guard let object = document.objectValue else { throw .notAnObject }
        guard object.keys.allSatisfy(addressMembers.contains) else { throw .unexpectedMember }
        var texts: [String] = []
        for member in addressMembers {
            guard let text = object[member]?.stringValue else { throw .missingMember(member) }
            texts.append(text)
        }
        do {
            return try PostalAddress(street: texts[0], city: texts[1], postalCode: texts[2], country: texts[3])
        } catch {
            throw .invalid(error)
        }
    }
}
