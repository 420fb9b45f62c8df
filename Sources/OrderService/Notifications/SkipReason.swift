/// Why a notification is `skipped`, named as `notify list` shows it (`reason`).
public enum SkipReason: String, Sendable, Hashable, CaseIterable {
    /// The order is a guest's: no customer with a contact was registered under its customer id.
    case noContact = "no_contact"
    /// The customer was forgotten: their contact is gone, and so is whatever was to be sent.
    case forgotten
}
