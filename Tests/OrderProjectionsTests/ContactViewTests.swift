import Foundation
import OrderDomain
import OrderProjections
import Testing

/// The contacts read model is a fold of the states a customer's events leave: it must carry the
/// details while the customer is registered, keep when they registered, and hold nothing personal
/// once the customer was forgotten.
@Suite("Contact view")
struct ContactViewTests {
    static let customer = CustomerID(UUID())
    static let ada = ContactInfo(name: try! PersonName("Ada Lovelace"), email: try! EmailAddress("ada@example.org"), phone: try! PhoneNumber("+4930123456"))
    static let grace = ContactInfo(
        name: try! PersonName("Grace Hopper"), email: try! EmailAddress("grace@example.com"),
        address: try! PostalAddress(street: "10 Downing Street", city: "London", postalCode: "SW1A 2AA", country: "GB")
    )

    static func at(_ seconds: Int64) -> Timestamp { Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000 + seconds * 1_000_000) }

    @Test("no view while the customer is not registered")
    func notRegistered() {
        #expect(ContactView.evolve(nil, customerID: Self.customer, to: .notRegistered, version: 1, occurredAt: Self.at(0)) == nil)
    }

    @Test("the registration starts the view: the details, its version, and its time as both registered and updated")
    func registration() {
        let view = ContactView.evolve(nil, customerID: Self.customer, to: .registered(Self.ada), version: 1, occurredAt: Self.at(0))
        #expect(view == ContactView(customerID: Self.customer, contact: Self.ada, version: 1, registeredAt: Self.at(0), updatedAt: Self.at(0)))
        #expect(view?.isForgotten == false)
    }

    @Test("a later event replaces the details, version and update time, and keeps the registration time")
    func change() {
        let registered = ContactView.evolve(nil, customerID: Self.customer, to: .registered(Self.ada), version: 1, occurredAt: Self.at(0))
        let changed = ContactView.evolve(registered, customerID: Self.customer, to: .registered(Self.grace), version: 2, occurredAt: Self.at(30))
        #expect(changed == ContactView(customerID: Self.customer, contact: Self.grace, version: 2, registeredAt: Self.at(0), updatedAt: Self.at(30)))
    }

    @Test("once forgotten the view holds no details but keeps its version and times")
    func forgotten() {
        let registered = ContactView.evolve(nil, customerID: Self.customer, to: .registered(Self.ada), version: 1, occurredAt: Self.at(0))
        let forgotten = ContactView.evolve(registered, customerID: Self.customer, to: .forgotten, version: 2, occurredAt: Self.at(30))
        #expect(forgotten == ContactView(customerID: Self.customer, contact: nil, version: 2, registeredAt: Self.at(0), updatedAt: Self.at(30)))
        #expect(forgotten?.isForgotten == true)
    }

    @Test("a customer whose events cannot be read folds to a forgotten view from the first event, registered at its time")
    func forgottenFromTheStart() {
        let first = ContactView.evolve(nil, customerID: Self.customer, to: .forgotten, version: 1, occurredAt: Self.at(0))
        let second = ContactView.evolve(first, customerID: Self.customer, to: .forgotten, version: 2, occurredAt: Self.at(5))
        #expect(first == ContactView(customerID: Self.customer, contact: nil, version: 1, registeredAt: Self.at(0), updatedAt: Self.at(0)))
        #expect(second == ContactView(customerID: Self.customer, contact: nil, version: 2, registeredAt: Self.at(0), updatedAt: Self.at(5)))
    }
}
