@testable import OrderDomain

/// Ready-made contact values and histories for the customer aggregate, so each test reads as given / when / then.
enum CustomerFixtures {
    static let ada = try! PersonName("Ada Lovelace")
    static let grace = try! PersonName("Grace Hopper")
    static let adaMail = try! EmailAddress("ada@example.org")
    static let graceMail = try! EmailAddress("grace@example.com")
    static let berlinPhone = try! PhoneNumber("+4930123456")
    static let londonPhone = try! PhoneNumber("+442071234567")
    static let berlin = try! PostalAddress(street: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE")
    static let london = try! PostalAddress(street: "10 Downing Street", city: "London", postalCode: "SW1A 2AA", country: "GB")

    /// Every field filled in.
    static let full = ContactInfo(name: ada, email: adaMail, phone: berlinPhone, address: berlin)
    /// Only the required fields.
    static let minimal = ContactInfo(name: ada, email: adaMail)

    /// The history of a customer registered with `contact`, or of none.
    static func history(registered contact: ContactInfo?) -> [CustomerEvent] {
        contact.map { [.customerRegistered($0)] } ?? []
    }
}

extension CustomerState {
    /// `try decide(command)` as a Result, so tests can compare either way.
    func outcome(of command: CustomerCommand) -> Result<CustomerEvent, CustomerRejection> {
        Result { () throws(CustomerRejection) -> CustomerEvent in try decide(command) }
    }
}
