import Foundation
import Hashing
import JSONCoding
import OrderDomain
import OrderService
import Testing

/// The fingerprint of a customer command tells a repeat from another command under the same id, so it
/// must cover every field the command asks for, including the difference between clearing a field and
/// leaving it, and nothing about how the command was sent.
@Suite("Command fingerprint of customer commands")
struct CommandFingerprintCustomerTests {
    typealias Fixtures = CustomerCommandHandlerTests

    static let customer = CustomerID(UUID(uuidString: "6f1c7a2e-0b7d-4c1e-9a3f-2d8e5b4c6a01")!)
    static let id = CommandID(UUID())

    static func fingerprint(_ command: CustomerCommand, for customer: CustomerID = customer) -> String {
        CommandFingerprint.of(CustomerCommandEnvelope(commandID: id, customerID: customer, command: command)).hexadecimal
    }

    @Test("keep, clear and set of the phone are three different commands")
    func phoneKeepClearSet() {
        let prints = [
            Self.fingerprint(.changeContactInfo(ContactChange(phone: .keep))),
            Self.fingerprint(.changeContactInfo(ContactChange(phone: .clear))),
            Self.fingerprint(.changeContactInfo(ContactChange(phone: .set(Fixtures.adaPhone)))),
        ]
        #expect(Set(prints).count == 3)
    }

    @Test("keep, clear and set of the address are three different commands")
    func addressKeepClearSet() {
        let prints = [
            Self.fingerprint(.changeContactInfo(ContactChange(address: .keep))),
            Self.fingerprint(.changeContactInfo(ContactChange(address: .clear))),
            Self.fingerprint(.changeContactInfo(ContactChange(address: .set(Fixtures.berlin)))),
            Self.fingerprint(.changeContactInfo(ContactChange(address: .set(Fixtures.london)))),
        ]
        #expect(Set(prints).count == 4)
    }

    @Test("a kept field is absent from the canonical text and a cleared one is null")
    func canonicalTextOfAChange() {
        let envelope = CustomerCommandEnvelope(
            commandID: Self.id, customerID: Self.customer, command: .changeContactInfo(ContactChange(name: Fixtures.grace, phone: .clear))
        )
        #expect(CommandFingerprint.canonicalText(of: envelope)
            == #"{"type":"ChangeContactInfo","customerId":"\#(Self.customer)","name":"Grace Hopper","phone":null}"#)
    }

    @Test("a registration's canonical text names every field, an absent phone or address as null")
    func canonicalTextOfARegistration() {
        let minimal = CustomerCommandEnvelope(
            commandID: Self.id, customerID: Self.customer, command: .registerCustomer(ContactInfo(name: Fixtures.ada, email: Fixtures.adaMail))
        )
        #expect(CommandFingerprint.canonicalText(of: minimal)
            == #"{"type":"RegisterCustomer","customerId":"\#(Self.customer)","name":"Ada Lovelace","email":"ada@analytical.example","phone":null,"address":null}"#)
        let full = CustomerCommandEnvelope(commandID: Self.id, customerID: Self.customer, command: .registerCustomer(Fixtures.full))
        #expect(CommandFingerprint.canonicalText(of: full).hasSuffix(
            #","phone":"+442079460958","address":{"street":"Unter den Linden 1","city":"Berlin","postalCode":"10117","country":"DE"}}"#
        ))
    }

    @Test("the same command gives the same fingerprint, built twice", arguments: [
        CustomerCommand.registerCustomer(CustomerCommandHandlerTests.full),
        .changeContactInfo(ContactChange(name: CustomerCommandHandlerTests.grace, phone: .clear, address: .set(CustomerCommandHandlerTests.london))),
        .changeContactInfo(.none),
    ])
    func sameCommand(command: CustomerCommand) {
        let rebuilt: CustomerCommand = switch command {
        case let .registerCustomer(contact): .registerCustomer(ContactInfo(name: contact.name, email: contact.email, phone: contact.phone, address: contact.address))
        case let .changeContactInfo(change): .changeContactInfo(ContactChange(name: change.name, email: change.email, phone: change.phone, address: change.address))
        }
        #expect(Self.fingerprint(command) == Self.fingerprint(rebuilt))
    }

    @Test("how the command was sent does not change it: metadata and expectedVersion are left out")
    func metadataAndExpectedVersionLeftOut() {
        let command = CustomerCommand.changeContactInfo(ContactChange(email: Fixtures.graceMail))
        let first = CustomerCommandEnvelope(commandID: Self.id, customerID: Self.customer, command: command, expectedVersion: 3, metadata: ["try": 1])
        let retry = CustomerCommandEnvelope(commandID: Self.id, customerID: Self.customer, command: command, expectedVersion: nil, metadata: ["try": 2, "user": "bob"])
        #expect(CommandFingerprint.of(first) == CommandFingerprint.of(retry))
        #expect(CommandFingerprint.canonicalText(of: first) == CommandFingerprint.canonicalText(of: retry))
    }

    @Test("the customer and the kind of command are part of it")
    func customerAndKind() {
        let registration = CustomerCommand.registerCustomer(ContactInfo(name: Fixtures.ada, email: Fixtures.adaMail))
        #expect(Self.fingerprint(registration) != Self.fingerprint(registration, for: CustomerID(UUID())))
        // The same fields as a change: only the type tells them apart.
        let change = CustomerCommand.changeContactInfo(ContactChange(name: Fixtures.ada, email: Fixtures.adaMail, phone: .clear, address: .clear))
        #expect(Self.fingerprint(registration) != Self.fingerprint(change))
    }

    @Test("every field the command sets is part of it", arguments: [
        ContactChange(name: CustomerCommandHandlerTests.ada),
        ContactChange(email: CustomerCommandHandlerTests.graceMail),
        ContactChange(phone: .set(try! PhoneNumber("+442079460959"))),
        ContactChange(address: .set(try! PostalAddress(street: "Unter den Linden 2", city: "Berlin", postalCode: "10117", country: "DE"))),
    ])
    func everyField(other: ContactChange) {
        let change = ContactChange(name: Fixtures.grace, email: Fixtures.adaMail, phone: .set(Fixtures.adaPhone), address: .set(Fixtures.berlin))
        let altered = ContactChange(
            name: other.name ?? change.name, email: other.email ?? change.email,
            phone: other.phone == .keep ? change.phone : other.phone, address: other.address == .keep ? change.address : other.address
        )
        #expect(altered != change)
        #expect(Self.fingerprint(.changeContactInfo(change)) != Self.fingerprint(.changeContactInfo(altered)))
    }
}
