import CommandLineInterface
import Foundation
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Customer command decoder")
struct CustomerCommandDecoderTests {
    static let customer = "5c1d7a2e-4b3f-4e8a-9c6d-2f0e1b3a4c5d"
    static let command = "6a1e0c52-6a0e-4f1b-9d1c-0d6c1b0e7a11"
    static let generated = CommandID(UUID(uuidString: "00000000-0000-4000-8000-00000000beef")!)
    static let decoder = CommandLineDecoder(makeCommandID: { generated })

    static let validAddress: JSONValue = ["street": "Unter den Linden 1", "city": "Berlin", "postalCode": "10117", "country": "DE"]

    /// A RegisterCustomer line with every field valid, then `overrides` applied in turn: a value replaces
    /// the member (or is added at the end), nil removes it. `reversed` writes the members last to first,
    /// to show that the order of checks does not follow the order of the text.
    static func register(_ overrides: [(String, JSONValue?)] = [], reversed: Bool = false) -> String {
        var object: JSONObject = [
            "type": "RegisterCustomer", "customerId": .string(customer), "commandId": .string(command),
            "name": "Zoë Ångström-Łukasiewicz", "email": "zoe@example.com", "phone": "+4930123456", "address": validAddress,
        ]
        for (key, value) in overrides { object[key] = value }
        if reversed { object = JSONObject(Array(object.members.reversed())) }
        return JSONValue.object(object).serialized()
    }

    /// A ChangeContactInfo line for the customer carrying `members` after type, customerId and commandId.
    static func change(_ members: [(String, JSONValue)]) -> String {
        var object: JSONObject = ["type": "ChangeContactInfo", "customerId": .string(customer), "commandId": .string(command)]
        for (key, value) in members { object[key] = value }
        return JSONValue.object(object).serialized()
    }

    static func decode(_ text: String) -> Result<SubmittedCommand, LineFailure> {
        decoder.decode(Array(text.utf8))
    }

    /// The customer envelope a line decodes to; records an issue for an order command or a failure.
    static func envelope(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> CustomerCommandEnvelope? {
        switch decode(text) {
        case let .success(.customer(envelope)):
            return envelope
        case let .success(.order(envelope)):
            Issue.record("decoded as the order command \(envelope.command.kind.rawValue)", sourceLocation: sourceLocation)
        case let .failure(failure):
            Issue.record("refused: \(failure.code.rawValue): \(failure.message)", sourceLocation: sourceLocation)
        }
        return nil
    }

    static func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> LineFailure? {
        guard case let .failure(failure) = decode(text) else {
            Issue.record("accepted: \(text)", sourceLocation: sourceLocation)
            return nil
        }
        return failure
    }

    // MARK: Valid lines

    @Test("a full RegisterCustomer decodes every field: the name trimmed and kept in any script, the email's domain lower-cased")
    func fullRegistration() throws {
        let line = Self.register([
            ("name", "  Zoë Ångström-Łukasiewicz\u{00A0}"), ("email", "Zoe.Angstrom@Example.COM"),
            ("expectedVersion", 0), ("metadata", ["user": "alice"]),
        ])
        let envelope = try #require(Self.envelope(line))
        #expect(envelope.customerID == CustomerID(Self.customer))
        #expect(envelope.commandID == CommandID(Self.command))
        #expect(envelope.expectedVersion == 0)
        #expect(envelope.metadata == ["user": "alice"])
        let expected = ContactInfo(
            name: try PersonName("Zoë Ångström-Łukasiewicz"),
            email: try EmailAddress("Zoe.Angstrom@example.com"),
            phone: try PhoneNumber("+4930123456"),
            address: try PostalAddress(street: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE")
        )
        #expect(envelope.command == .registerCustomer(expected))
        guard case let .registerCustomer(contact) = envelope.command else { return }
        #expect(contact.name.value == "Zoë Ångström-Łukasiewicz")
        #expect(contact.email.value == "Zoe.Angstrom@example.com")
    }

    @Test("phone and address are optional on RegisterCustomer, absent or null alike; a missing commandId is generated")
    func minimalRegistration() throws {
        let expected = CustomerCommand.registerCustomer(ContactInfo(name: try PersonName("Zoë Ångström-Łukasiewicz"), email: try EmailAddress("zoe@example.com")))
        let absent = try #require(Self.envelope(Self.register([("phone", nil), ("address", nil), ("commandId", nil)])))
        #expect(absent.command == expected)
        #expect(absent.commandID == Self.generated)
        #expect(absent.expectedVersion == nil)
        let null = try #require(Self.envelope(Self.register([("phone", .null), ("address", .null)])))
        #expect(null.command == expected)
    }

    @Test("the limits themselves are accepted: a 200-scalar name, a 254-octet email, 8 and 15 phone digits")
    func limitsAccepted() throws {
        let longest = "a" + String(repeating: "e\u{301}", count: 99) + "b"
        #expect(longest.unicodeScalars.count == 200)
        let email = String(repeating: "l", count: 64) + "@" + String(repeating: "b", count: 63) + "." + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 61)
        #expect(email.utf8.count == 254)
        for (name, phone) in [(longest, "+12345678"), ("Al", "+123456789012345")] {
            let envelope = try #require(Self.envelope(Self.register([("name", .string(name)), ("email", .string(email)), ("phone", .string(phone))])))
            guard case let .registerCustomer(contact) = envelope.command else { continue }
            #expect(contact.name.value == name)
            #expect(contact.phone?.value == phone)
            #expect(contact.email.value == email)
        }
    }

    // MARK: §8 rules broken by hostile values

    /// One value that breaks a §8 rule, put into an otherwise valid RegisterCustomer line.
    struct HostileValue: Sendable, CustomTestStringConvertible {
        let what: String
        /// The member of the line that gets `value`.
        let member: String
        let value: JSONValue
        let code: LineFailure.Code
        /// The field the failure must name.
        let field: String
        /// Text of the value that must not come back in the message; nil when it is too short to search for.
        let secret: String?
        /// How the message starts: with the field it names.
        let messageStart: String

        init(
            _ what: String, _ member: String, _ value: JSONValue, _ code: LineFailure.Code = .invalidField,
            field: String? = nil, secret: String?, messageStart: String? = nil
        ) {
            self.what = what
            self.member = member
            self.value = value
            self.code = code
            self.field = field ?? member
            self.secret = secret
            self.messageStart = messageStart ?? field ?? member
        }

        var testDescription: String { "\(member): \(what)" }
    }

    static func address(_ changes: [(String, JSONValue?)]) -> JSONValue {
        var object = validAddress.objectValue!
        for (key, value) in changes { object[key] = value }
        return .object(object)
    }

    static let longLocalPart = String(repeating: "l", count: 65)
    static let longLabel = String(repeating: "m", count: 64)
    static let longAddress = String(repeating: "l", count: 64) + "@" + String(repeating: "b", count: 63) + "." + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 62)

    static let hostileValues: [HostileValue] = [
        HostileValue("CR LF for a header injection", "name", "Zacharias Quill\r\nBcc: victim@example.com", secret: "victim@example.com"),
        HostileValue("NUL", "name", "Zacharias\u{0}Quill", secret: "Zacharias"),
        HostileValue("DEL", "name", "Zacharias\u{7F}Quill", secret: "Zacharias"),
        HostileValue("U+0085 next line", "name", "Zacharias\u{85}Quill", secret: "Zacharias"),
        HostileValue("TAB", "name", "Zacharias\tQuill", secret: "Zacharias"),
        HostileValue("a trailing LF, refused rather than trimmed", "name", "Zacharias Quill\n", secret: "Zacharias"),
        HostileValue("201 scalars", "name", .string(String(repeating: "Q", count: 201)), secret: "QQQQQQQQ"),
        HostileValue("201 scalars in 101 characters", "name", .string("a" + String(repeating: "e\u{301}", count: 100)), secret: "e\u{301}e\u{301}"),
        HostileValue("only spaces", "name", "  \u{3000}\u{00A0} ", secret: nil),
        HostileValue("empty", "name", "", secret: nil),
        HostileValue("a number", "name", 42, secret: nil),
        HostileValue("a display name", "email", "A <a@b.c>", secret: "A <a@b.c>"),
        HostileValue("a quoted local part", "email", "\"john doe\"@example.com", secret: "john doe"),
        HostileValue("a comment", "email", "john(comment)@example.com", secret: "comment"),
        HostileValue("a space", "email", "john doe@example.com", secret: "john doe"),
        HostileValue("a domain literal", "email", "john@[1.2.3.4]", secret: "1.2.3.4"),
        HostileValue("a leading dot", "email", ".john@example.com", secret: "john@example.com"),
        HostileValue("a trailing dot", "email", "john.@example.com", secret: "john.@example.com"),
        HostileValue("two dots in a row", "email", "jo..hn@example.com", secret: "jo..hn"),
        HostileValue("a 65-octet local part", "email", .string(longLocalPart + "@example.com"), secret: "llllllll"),
        HostileValue("a 64-octet label", "email", .string("john@" + longLabel + ".com"), secret: "mmmmmmmm"),
        HostileValue("255 octets", "email", .string(longAddress), secret: "dddddddd"),
        HostileValue("no dot in the domain", "email", "john@localhost", secret: "localhost"),
        HostileValue("a label starting with a hyphen", "email", "john@-example.com", secret: "-example.com"),
        HostileValue("non-ASCII", "email", "jöhn@example.com", secret: "jöhn"),
        HostileValue("CR LF for a header injection", "email", "john@example.com\r\nBcc: victim@example.com", secret: "victim"),
        HostileValue("two at signs", "email", "john@doe@example.com", secret: "john@doe"),
        HostileValue("empty", "email", "", secret: nil),
        HostileValue("without the plus", "phone", "4471234567", secret: "4471234567"),
        HostileValue("7 digits", "phone", "+1234567", secret: "1234567"),
        HostileValue("16 digits", "phone", "+1234567890123456", secret: "1234567890"),
        HostileValue("spaces", "phone", "+49 30 123456", secret: "30 123456"),
        HostileValue("dashes", "phone", "+49-30-123456", secret: "30-123456"),
        HostileValue("full-width digits", "phone", "+４９３０１２３４５６", secret: "４９３０"),
        HostileValue("a number", "phone", 4471234567, secret: "4471234567"),
        HostileValue("a missing member", "address", address([("city", nil)]), .missingField, field: "address.city", secret: "Unter den Linden"),
        HostileValue("a null member", "address", address([("postalCode", .null)]), .missingField, field: "address.postalCode", secret: "Unter den Linden"),
        HostileValue("an extra member", "address", address([("state", "Berlin-Mitte")]), field: "address.state", secret: "Berlin-Mitte", messageStart: #"field "state" is not known in address"#),
        HostileValue("a member that is not a string", "address", address([("postalCode", 10117)]), field: "address.postalCode", secret: "10117"),
        HostileValue("a lower-case country", "address", address([("country", "de")]), field: "address.country", secret: nil),
        HostileValue("an unassigned country", "address", address([("country", "XX")]), field: "address.country", secret: "XX"),
        HostileValue("a reserved country", "address", address([("country", "UK")]), field: "address.country", secret: "UK"),
        HostileValue("a three-letter country", "address", address([("country", "DEU")]), field: "address.country", secret: "DEU"),
        HostileValue("a control character in the street", "address", address([("street", "Main Street 1\nX-Injected: yes")]), field: "address.street", secret: "Main Street"),
        HostileValue("a street of only spaces", "address", address([("street", "   ")]), field: "address.street", secret: nil),
        HostileValue("a 201-scalar city", "address", address([("city", .string(String(repeating: "C", count: 201)))]), field: "address.city", secret: "CCCCCCCC"),
        HostileValue("a NUL in the postal code", "address", address([("postalCode", "10\u{0}117")]), field: "address.postalCode", secret: nil),
        HostileValue("a string", "address", "Unter den Linden 1, 10117 Berlin", secret: "Unter den Linden"),
    ]

    @Test("each §8 rule refuses a hostile value, naming the field and why without repeating the value", arguments: hostileValues)
    func hostileValue(_ hostile: HostileValue) throws {
        let failure = try #require(Self.failure(Self.register([(hostile.member, hostile.value)])))
        #expect(failure.code == hostile.code, "\(failure.message)")
        #expect(failure.field == hostile.field)
        #expect(failure.message.hasPrefix(hostile.messageStart), "\(failure.message)")
        if let secret = hostile.secret {
            #expect(!failure.message.contains(secret), "\(failure.message)")
        }
        // Nothing that could break the output line or a log line it is copied into.
        #expect(!failure.message.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(failure.customerID == CustomerID(Self.customer))
        #expect(failure.commandID == CommandID(Self.command))
        #expect(failure.orderID == nil)
    }

    @Test("a broken rule is explained in the value object's words, under the field's name on the wire")
    func messagesSayWhy() throws {
        let email = try #require(Self.failure(Self.register([("email", "A <a@b.c>")])))
        #expect(email.message == EmailAddressError.invalidLocalPartCharacter(codePoint: 0x20, position: 2).description)
        let street = try #require(Self.failure(Self.register([("address", Self.address([("street", "Main\rStreet")]))])))
        #expect(street.message.hasPrefix("address.street: must not contain control characters"))
        #expect(street.message.contains("U+000D at position 5"))
        let country = try #require(Self.failure(Self.register([("address", Self.address([("country", "de")]))])))
        #expect(country.message.hasPrefix("address.country: must be two upper-case letters"))
        let missing = try #require(Self.failure(Self.register([("address", Self.address([("city", nil)]))])))
        #expect(missing.message == "address.city is required")
    }

    @Test("name and email are required on RegisterCustomer: absent or null is missing_field", arguments: ["name", "email"])
    func requiredFields(_ field: String) throws {
        for value in [nil, JSONValue.null] {
            let failure = try #require(Self.failure(Self.register([(field, value)])))
            #expect(failure.code == .missingField)
            #expect(failure.field == field)
        }
    }

    // MARK: ChangeContactInfo

    @Test("ChangeContactInfo without any of name, email, phone and address is missing_field, saying at least one is needed")
    func changeOfNothing() throws {
        for line in [Self.change([]), Self.change([("expectedVersion", 3), ("metadata", ["user": "alice"])])] {
            let failure = try #require(Self.failure(line))
            #expect(failure.code == .missingField)
            #expect(failure.field == nil)
            #expect(failure.message.contains("at least one of name, email, phone and address"))
            #expect(failure.customerID == CustomerID(Self.customer))
        }
    }

    @Test("null clears phone and address; an absent field is kept; a value replaces")
    func changeClearsKeepsAndSets() throws {
        let cleared = try #require(Self.envelope(Self.change([("phone", .null), ("address", .null)])))
        #expect(cleared.command == .changeContactInfo(ContactChange(phone: .clear, address: .clear)))
        let phoneOnly = try #require(Self.envelope(Self.change([("phone", "+4930123456")])))
        #expect(phoneOnly.command == .changeContactInfo(ContactChange(phone: .set(try PhoneNumber("+4930123456")))))
        let everything = try #require(Self.envelope(Self.change([
            ("name", " Zoë Ångström-Łukasiewicz "), ("email", "zoe@EXAMPLE.org"), ("phone", "+4930123456"), ("address", Self.validAddress),
        ])))
        #expect(everything.command == .changeContactInfo(ContactChange(
            name: try PersonName("Zoë Ångström-Łukasiewicz"),
            email: try EmailAddress("zoe@example.org"),
            phone: .set(try PhoneNumber("+4930123456")),
            address: .set(try PostalAddress(street: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE"))
        )))
    }

    @Test("null cannot clear name or email, which a customer always has", arguments: ["name", "email"])
    func requiredFieldsCannotBeCleared(_ field: String) throws {
        let failure = try #require(Self.failure(Self.change([(field, .null)])))
        #expect(failure.code == .invalidField)
        #expect(failure.field == field)
        #expect(failure.message.contains("cannot be cleared"))
    }

    @Test("ChangeContactInfo values follow the same rules as RegisterCustomer's", arguments: hostileValues)
    func changeFollowsTheRules(_ hostile: HostileValue) throws {
        let failure = try #require(Self.failure(Self.change([(hostile.member, hostile.value)])))
        #expect(failure.code == hostile.code)
        #expect(failure.field == hostile.field)
        if let secret = hostile.secret {
            #expect(!failure.message.contains(secret), "\(failure.message)")
        }
    }

    // MARK: Order of checks, unknown fields, the envelope

    static let badAddress = address([("country", "de")])

    /// Lines with two problems and the field of the one reported: always the earlier in the documented
    /// order type, customerId, commandId, expectedVersion, metadata, name, email, phone, address, unknown fields.
    static let twoProblems: [(overrides: [(String, JSONValue?)], field: String)] = [
        ([("type", "Register"), ("customerId", "nope")], "type"),
        ([("customerId", "nope"), ("commandId", 7)], "customerId"),
        ([("customerId", nil), ("name", "")], "customerId"),
        ([("commandId", 7), ("expectedVersion", -1)], "commandId"),
        ([("expectedVersion", -1), ("metadata", ["commandId": .string(command)])], "expectedVersion"),
        ([("metadata", ["commandId": .string(command)]), ("name", "Zacharias\nQuill")], "metadata"),
        ([("name", "Zacharias\nQuill"), ("email", "A <a@b.c>")], "name"),
        ([("name", nil), ("email", "A <a@b.c>")], "name"),
        ([("email", "A <a@b.c>"), ("phone", "4930123456")], "email"),
        ([("phone", "4930123456"), ("address", badAddress)], "phone"),
        ([("address", badAddress), ("orderId", "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a")], "address.country"),
        ([("orderId", "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a"), ("metadata", ["note": "\u{0}"])], "orderId"),
        // Within an address: each member's presence and type in order, then unknown members, then values.
        ([("address", address([("street", "\n"), ("city", nil)]))], "address.city"),
        ([("address", address([("country", "de"), ("state", "x")]))], "address.state"),
        ([("address", address([("street", "\n"), ("country", "de")]))], "address.street"),
    ]

    @Test("a line with two problems reports the first in the documented order, whatever the order of its text", arguments: twoProblems)
    func orderOfChecks(_ overrides: [(String, JSONValue?)], _ field: String) throws {
        for reversed in [false, true] {
            let failure = try #require(Self.failure(Self.register(overrides, reversed: reversed)))
            #expect(failure.field == field, "\(failure.message)")
        }
    }

    @Test("a field a customer command does not know is invalid_field, naming it and what the command takes")
    func unknownFields() throws {
        let orderID = try #require(Self.failure(Self.register([("orderId", "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a")])))
        #expect(orderID.code == .invalidField)
        #expect(orderID.field == "orderId")
        #expect(orderID.message.contains("RegisterCustomer"))
        #expect(orderID.message.contains(#""customerId", "commandId", "expectedVersion", "metadata", "name", "email", "phone", "address""#))
        #expect(orderID.orderID == nil)
        #expect(orderID.customerID == CustomerID(Self.customer))
        let currency = try #require(Self.failure(Self.change([("phone", .null), ("currency", "EUR")])))
        #expect(currency.field == "currency")
        #expect(currency.message.contains("ChangeContactInfo"))
    }

    @Test("metadata must not carry its own commandId, as on order commands")
    func metadataCommandID() throws {
        let failure = try #require(Self.failure(Self.register([("metadata", ["commandId": .string(Self.command)])])))
        #expect(failure.code == .invalidField)
        #expect(failure.field == "metadata")
        let nul = try #require(Self.failure(Self.register([("metadata", ["note": "\u{0}"])])))
        #expect(nul.field == "metadata")
    }

    @Test("a customer command needs customerId, its stream; an orderId does not stand in for it")
    func customerIDRequired() throws {
        for overrides: [(String, JSONValue?)] in [[("customerId", nil)], [("customerId", .null)], [("customerId", nil), ("orderId", .string(Self.customer))]] {
            let failure = try #require(Self.failure(Self.register(overrides)))
            #expect(failure.code == .missingField)
            #expect(failure.field == "customerId")
            #expect(failure.customerID == nil)
            #expect(failure.orderID == nil)
        }
        let malformed = try #require(Self.failure(Self.register([("customerId", "5C1D")])))
        #expect(malformed.code == .invalidField)
        #expect(malformed.field == "customerId")
    }

    @Test("an unknown type's message lists every order and customer command type")
    func unknownType() throws {
        let failure = try #require(Self.failure(Self.register([("type", "DeleteCustomer")])))
        #expect(failure.code == .unknownCommand)
        for type in OrderCommand.Kind.allCases.map(\.rawValue) + CustomerCommand.Kind.allCases.map(\.rawValue) {
            #expect(failure.message.contains(type))
        }
    }

    @Test("an order line's customerId is not its stream: a failed PlaceOrder names its order, not the customer")
    func orderLinesKeepTheirStream() throws {
        let line = #"{"type":"PlaceOrder","orderId":"3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a","customerId":"\#(Self.customer)","currency":"eur"}"#
        let failure = try #require(Self.failure(line))
        #expect(failure.orderID == OrderID("3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a"))
        #expect(failure.customerID == nil)
    }
}
