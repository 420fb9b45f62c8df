/// A change to a customer's contact details, field by field.
///
/// Name and email are required, so they can be replaced (non-nil) or kept (nil) but never cleared;
/// phone and address may also be cleared, which ``OptionalFieldChange`` keeps distinct from keeping.
public struct ContactChange: Hashable, Sendable {
    /// The new name, or nil to keep the current one.
    public var name: PersonName?
    /// The new email address, or nil to keep the current one.
    public var email: EmailAddress?
    public var phone: OptionalFieldChange<PhoneNumber>
    public var address: OptionalFieldChange<PostalAddress>

    public init(
        name: PersonName? = nil,
        email: EmailAddress? = nil,
        phone: OptionalFieldChange<PhoneNumber> = .keep,
        address: OptionalFieldChange<PostalAddress> = .keep
    ) {
        self.name = name
        self.email = email
        self.phone = phone
        self.address = address
    }

    /// The change that changes nothing.
    public static let none = ContactChange()

    /// Whether the change keeps every field.
    public var isEmpty: Bool { self == .none }

    /// Only the part of this change that would alter `current`: a field set to the value it already
    /// holds, or cleared while already absent, becomes "keep". The result applied to `current` gives
    /// the same details as this change does.
    public func relative(to current: ContactInfo) -> ContactChange {
        ContactChange(
            name: name == current.name ? nil : name,
            email: email == current.email ? nil : email,
            phone: phone.relative(to: current.phone),
            address: address.relative(to: current.address)
        )
    }
}
