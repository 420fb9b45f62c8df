/// How to reach a customer: a name and an email address always, a phone number and a postal
/// address when the customer gave them.
///
/// Each part is already a validated value, so a `ContactInfo` is valid by construction.
public struct ContactInfo: Hashable, Sendable {
    public var name: PersonName
    public var email: EmailAddress
    public var phone: PhoneNumber?
    public var address: PostalAddress?

    public init(name: PersonName, email: EmailAddress, phone: PhoneNumber? = nil, address: PostalAddress? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.address = address
    }

    /// These details with `change` applied: each field the change sets is replaced, each it clears is
    /// removed, and the rest are kept.
    public func applying(_ change: ContactChange) -> ContactInfo {
        ContactInfo(
            name: change.name ?? name,
            email: change.email ?? email,
            phone: change.phone.applied(to: phone),
            address: change.address.applied(to: address)
        )
    }
}
