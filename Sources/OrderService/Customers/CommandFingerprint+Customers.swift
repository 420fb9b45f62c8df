import Hashing
import JSONCoding
import OrderDomain

extension CommandFingerprint {
    /// SHA-256 of a customer command's canonical JSON. It digests personal details, so `forget` removes
    /// it from the command record along with the key.
    public static func of(_ envelope: CustomerCommandEnvelope) -> SHA256Digest {
        SHA256.hash(canonicalText(of: envelope))
    }

    /// The canonical JSON text that is hashed: type, customer, then each field the command carries; a
    /// change's cleared field is `null` and a kept one absent, so "clear the phone" and "leave it" differ.
    public static func canonicalText(of envelope: CustomerCommandEnvelope) -> String {
        var fields = JSONObject()
        fields["type"] = .string(envelope.command.kind.rawValue)
        fields["customerId"] = .string(envelope.customerID.description)
        switch envelope.command {
        case let .registerCustomer(contact):
            fields["name"] = .string(contact.name.value)
            fields["email"] = .string(contact.email.value)
            fields["phone"] = contact.phone.map { .string($0.value) } ?? .null
            fields["address"] = contact.address.map(ContactDocument.address) ?? .null
        case let .changeContactInfo(change):
            if let name = change.name { fields["name"] = .string(name.value) }
            if let email = change.email { fields["email"] = .string(email.value) }
            fields["phone"] = canonical(change.phone) { .string($0.value) }
            fields["address"] = canonical(change.address, ContactDocument.address)
        }
        return JSONValue.object(fields).serialized()
    }

    private static func canonical<Value>(_ change: OptionalFieldChange<Value>, _ json: (Value) -> JSONValue) -> JSONValue? {
        switch change {
        case .keep: nil
        case .clear: .null
        case let .set(value): json(value)
        }
    }
}
