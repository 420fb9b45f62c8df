import Foundation
import JSONCoding
import OrderDomain
import OrderService
import PersonalDataProtection
import Testing

@Suite("Customer event codec")
struct CustomerEventCodecTests {
    static let ada = try! PersonName("Ada Lovelace")
    static let adaEmail = try! EmailAddress("ada@analytical.example")
    static let adaPhone = try! PhoneNumber("+442079460958")
    static let berlin = try! PostalAddress(street: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE")
    static let grace = try! PersonName("Grace Hopper")
    static let graceEmail = try! EmailAddress("grace@cobol.example")

    static let complete = ContactInfo(name: ada, email: adaEmail, phone: adaPhone, address: berlin)

    static let everyEvent: [CustomerEvent] = [
        .customerRegistered(complete),
        .customerRegistered(ContactInfo(name: ada, email: adaEmail)),
        .customerRegistered(ContactInfo(name: ada, email: adaEmail, address: berlin)),
        .contactInfoChanged(ContactChange(name: grace, email: graceEmail, phone: .set(adaPhone), address: .set(berlin))),
        .contactInfoChanged(ContactChange(phone: .clear, address: .clear)),
        .contactInfoChanged(ContactChange(email: graceEmail, address: .clear)),
        .contactInfoChanged(.none),
    ]

    /// The plaintexts of `complete` and the changes above, and parts of them, none of which may show
    /// in a payload. None shorter than five characters, so that a run of base64url cannot hold one by
    /// chance (a given five characters somewhere in a payload's few hundred: about one in five million).
    static let plaintexts = [
        "Ada Lovelace", "Lovelace", "ada@analytical.example", "analytical", "+442079460958", "442079460958",
        "Unter den Linden", "Linden", "Berlin", "10117", "Grace Hopper", "grace@cobol.example",
    ]

    static func newEventID() -> EventID { EventID(UUID()) }

    /// `encoded` after a trip through its JSON text, as it would come back from the store or a feed.
    static func reparsed(_ encoded: EncodedEvent) throws -> EncodedEvent {
        let payload = try #require(try JSONParser.parse(JSONValue.object(encoded.payload).serialized()).objectValue)
        return EncodedEvent(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: payload)
    }

    /// `encoded` with its payload member `field` replaced by `value`, or removed when `value` is nil.
    static func replacing(_ field: String, with value: JSONValue?, in encoded: EncodedEvent) -> EncodedEvent {
        var payload = encoded.payload
        payload[field] = value
        return EncodedEvent(type: encoded.type, schemaVersion: encoded.schemaVersion, payload: payload)
    }

    /// The decoding error `body` throws; records an issue when it throws none.
    static func decodingError(_ body: () throws(EventDecodingError) -> Void) -> EventDecodingError? {
        do {
            try body()
            Issue.record("no decoding error was thrown")
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Round trips

    @Test("every event survives encode → JSON text → decode", arguments: everyEvent)
    func roundTrip(event: CustomerEvent) throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let encoded = try CustomerEventCodec.encode(event, eventID: eventID, sealedWith: key)
        #expect(encoded.type == event.kind.rawValue)
        #expect(encoded.schemaVersion == 1)
        #expect(try CustomerEventCodec.decode(Self.reparsed(encoded), eventID: eventID, key: key) == event)
    }

    @Test("a name outside ASCII, with combining marks and emoji, comes back scalar for scalar")
    func nonASCIIName() throws {
        let name = try PersonName("Zoë Ångström-山田 O\u{301}scar 👍🏽")
        let address = try PostalAddress(street: "Chaussée de Liège 12", city: "Liège", postalCode: "4000", country: "BE")
        let event = CustomerEvent.customerRegistered(ContactInfo(name: name, email: Self.adaEmail, address: address))
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let encoded = try CustomerEventCodec.encode(event, eventID: eventID, sealedWith: key)
        let decoded = try CustomerEventCodec.decode(Self.reparsed(encoded), eventID: eventID, key: key)
        guard case let .customerRegistered(contact) = decoded else {
            Issue.record("not a registration")
            return
        }
        #expect(Array(contact.name.value.unicodeScalars) == Array(name.value.unicodeScalars))
        #expect(contact.address == address)
    }

    // MARK: - Shapes

    @Test("a registration seals name and email, and leaves out the phone and address not given")
    func registrationShape() throws {
        let encoded = try CustomerEventCodec.encode(
            .customerRegistered(ContactInfo(name: Self.ada, email: Self.adaEmail)), eventID: Self.newEventID(), sealedWith: CustomerKey.generate()
        )
        #expect(encoded.type == "CustomerRegistered")
        #expect(encoded.payload.keys == ["name", "email"])
        for field in encoded.payload.keys {
            let text = try #require(encoded.payload[field]?.stringValue)
            #expect(text.hasPrefix("v1."))
            #expect(try SealedField(text: text).text == text)
        }
    }

    @Test("a change holds only what changed: set fields sealed, cleared ones null, kept ones absent")
    func changeShape() throws {
        let key = try CustomerKey.generate()
        let cleared = try CustomerEventCodec.encode(
            .contactInfoChanged(ContactChange(email: Self.graceEmail, phone: .clear)), eventID: Self.newEventID(), sealedWith: key
        )
        #expect(cleared.type == "ContactInfoChanged")
        #expect(cleared.payload.keys == ["email", "phone"])
        #expect(cleared.payload["email"]?.stringValue?.hasPrefix("v1.") == true)
        #expect(cleared.payload["phone"] == .null)

        let empty = try CustomerEventCodec.encode(.contactInfoChanged(.none), eventID: Self.newEventID(), sealedWith: key)
        #expect(empty.payload.isEmpty)
    }

    @Test("no payload holds any personal data in plaintext", arguments: everyEvent)
    func noPlaintext(event: CustomerEvent) throws {
        let encoded = try CustomerEventCodec.encode(event, eventID: Self.newEventID(), sealedWith: CustomerKey.generate())
        let text = JSONValue.object(encoded.payload).serialized()
        for plaintext in Self.plaintexts {
            #expect(!text.contains(plaintext), "the payload shows \(plaintext)")
        }
        for member in encoded.payload.members where member.value != .null {
            #expect(member.value.stringValue?.hasPrefix("v1.") == true, "\(member.key) is not a sealed field")
        }
    }

    @Test("sealing the same event twice gives two different payloads, through fresh nonces")
    func freshNonces() throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let first = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: eventID, sealedWith: key)
        let second = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: eventID, sealedWith: key)
        for field in ["name", "email", "phone", "address"] {
            #expect(first.payload[field] != second.payload[field], "\(field) was sealed to the same text twice")
        }
        #expect(try CustomerEventCodec.decode(first, eventID: eventID, key: key) == CustomerEventCodec.decode(second, eventID: eventID, key: key))
    }

    @Test("an address is sealed as its document's compact JSON text, in a fixed member order")
    func addressPlaintext() throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let encoded = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: eventID, sealedWith: key)
        let sealed = try SealedField(text: #require(encoded.payload["address"]?.stringValue))
        let associatedData = withUnsafeBytes(of: eventID.uuid.uuid) { Array($0) } + Array("address".utf8)
        #expect(
            try FieldCipher.openText(sealed, with: key, associatedData: associatedData)
                == #"{"street":"Unter den Linden 1","city":"Berlin","postalCode":"10117","country":"DE"}"#
        )
    }

    // MARK: - Bindings and tampering

    @Test("another customer's key does not open the fields, and the error shows none of them")
    func anotherCustomersKey() throws {
        let eventID = Self.newEventID()
        let encoded = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: eventID, sealedWith: CustomerKey.generate())
        let error = Self.decodingError { () throws(EventDecodingError) in
            _ = try CustomerEventCodec.decode(encoded, eventID: eventID, key: try! CustomerKey.generate())
        }
        #expect(error?.reason.hasPrefix("name does not open") == true)
        #expect(error?.type == "CustomerRegistered")
        for plaintext in Self.plaintexts {
            #expect(error?.description.contains(plaintext) == false)
        }
    }

    @Test("a field copied from another event of the same customer does not open there")
    func eventBinding() throws {
        let key = try CustomerKey.generate()
        let firstID = Self.newEventID()
        let secondID = Self.newEventID()
        let first = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: firstID, sealedWith: key)
        let second = try CustomerEventCodec.encode(
            .contactInfoChanged(ContactChange(name: Self.grace, email: Self.graceEmail)), eventID: secondID, sealedWith: key
        )
        let swapped = Self.replacing("name", with: first.payload["name"], in: second)
        let error = Self.decodingError { () throws(EventDecodingError) in
            _ = try CustomerEventCodec.decode(swapped, eventID: secondID, key: key)
        }
        #expect(error?.reason.hasPrefix("name does not open") == true)

        // The whole payload under another event's id opens nothing either.
        #expect(throws: EventDecodingError.self) { try CustomerEventCodec.decode(first, eventID: secondID, key: key) }
    }

    @Test("a sealed email moved into the name field does not open there")
    func fieldBinding() throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let encoded = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: eventID, sealedWith: key)
        let moved = Self.replacing("name", with: encoded.payload["email"], in: encoded)
        // The shape is still right: only the key can tell.
        try CustomerEventCodec.checkShape(moved)
        let error = Self.decodingError { () throws(EventDecodingError) in
            _ = try CustomerEventCodec.decode(moved, eventID: eventID, key: key)
        }
        #expect(error?.reason.hasPrefix("name does not open") == true)
    }

    @Test("a changed character of the ciphertext is caught by the tag")
    func tampering() throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let encoded = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: eventID, sealedWith: key)
        var characters = Array(try #require(encoded.payload["email"]?.stringValue))
        // Past the prefix and the 16 characters of the nonce: a character of the ciphertext, swapped
        // for another of the alphabet so the text still parses.
        let index = 3 + 16 + 2
        characters[index] = characters[index] == "A" ? "B" : "A"
        let tampered = Self.replacing("email", with: .string(String(characters)), in: encoded)
        try CustomerEventCodec.checkShape(tampered)
        let error = Self.decodingError { () throws(EventDecodingError) in
            _ = try CustomerEventCodec.decode(tampered, eventID: eventID, key: key)
        }
        #expect(error?.reason.hasPrefix("email does not open") == true)
    }

    @Test("a value that opens but breaks a rule is refused, naming the field and not its content")
    func invalidOpenedValue() throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        // Sealed exactly as the codec documents it: the id's 16 bytes, then the member's name.
        let associatedData = withUnsafeBytes(of: eventID.uuid.uuid) { Array($0) } + Array("phone".utf8)
        let national = try FieldCipher.seal("030 1234567", with: key, associatedData: associatedData)
        let encoded = EncodedEvent(type: "ContactInfoChanged", schemaVersion: 1, payload: ["phone": .string(national.text)])
        let error = Self.decodingError { () throws(EventDecodingError) in
            _ = try CustomerEventCodec.decode(encoded, eventID: eventID, key: key)
        }
        #expect(error?.reason.hasPrefix("phone opened but is not a valid phone number") == true)
        #expect(error?.description.contains("1234567") == false)
    }

    @Test("an address that opens but is not in the document's shape is refused, naming the part")
    func invalidOpenedAddress() throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let associatedData = withUnsafeBytes(of: eventID.uuid.uuid) { Array($0) } + Array("address".utf8)
        let cases: [(String, String)] = [
            ("Unter den Linden 1, Berlin", "it is not JSON text"),
            (#"{"street":"Unter den Linden 1","city":"Berlin","postalCode":"10117"}"#, "country is missing"),
            (#"{"street":"Unter den Linden 1","city":"Berlin","postalCode":"10117","country":"UK"}"#, "country is not an assigned"),
            (#"{"street":"Unter den Linden 1","city":"","postalCode":"10117","country":"DE"}"#, "city is empty"),
            (#"{"street":"Unter den Linden 1","city":"Berlin","postalCode":"10117","country":"DE","floor":"3"}"#, "a member other than"),
        ]
        for (plaintext, rule) in cases {
            let sealed = try FieldCipher.seal(plaintext, with: key, associatedData: associatedData)
            let encoded = EncodedEvent(type: "ContactInfoChanged", schemaVersion: 1, payload: ["address": .string(sealed.text)])
            let error = Self.decodingError { () throws(EventDecodingError) in
                _ = try CustomerEventCodec.decode(encoded, eventID: eventID, key: key)
            }
            #expect(error?.reason.contains(rule) == true, "\(rule): \(error?.reason ?? "no error")")
            #expect(error?.description.contains("Linden") == false)
        }
    }

    // MARK: - Shape without a key

    @Test("every encoded event passes the shape check", arguments: everyEvent)
    func shapeAccepted(event: CustomerEvent) throws {
        let encoded = try CustomerEventCodec.encode(event, eventID: Self.newEventID(), sealedWith: CustomerKey.generate())
        try CustomerEventCodec.checkShape(Self.reparsed(encoded))
    }

    @Test("the shape check refuses plaintext, unknown and missing fields, and nulls where nothing can be cleared")
    func shapeRefused() throws {
        let registration = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: Self.newEventID(), sealedWith: CustomerKey.generate())
        let change = try CustomerEventCodec.encode(
            .contactInfoChanged(ContactChange(name: Self.grace, phone: .clear)), eventID: Self.newEventID(), sealedWith: CustomerKey.generate()
        )
        let cases: [(EncodedEvent, String)] = [
            (Self.replacing("name", with: "Ada Lovelace", in: registration), "name is not a sealed field"),
            (Self.replacing("email", with: "ada@analytical.example", in: registration), "email is not a sealed field"),
            (Self.replacing("address", with: ContactDocument.address(Self.berlin), in: registration), "address is not a sealed field"),
            (Self.replacing("phone", with: 442079460958, in: registration), "phone is not a sealed field"),
            (Self.replacing("nickname", with: registration.payload["name"], in: registration), #"unknown field "nickname""#),
            (Self.replacing("name", with: nil, in: registration), "name is missing"),
            (Self.replacing("email", with: nil, in: registration), "email is missing"),
            (Self.replacing("phone", with: .null, in: registration), "phone is null"),
            (Self.replacing("name", with: .null, in: change), "name is null"),
            (Self.replacing("email", with: .null, in: change), "email is null"),
            (Self.replacing("name", with: "v2.AAAA", in: change), "format v2"),
            (EncodedEvent(type: "CustomerTeleported", schemaVersion: 1, payload: registration.payload), "unknown event type"),
            (EncodedEvent(type: "CustomerRegistered", schemaVersion: 2, payload: registration.payload), "unsupported schema version"),
        ]
        for (encoded, expected) in cases {
            let error = Self.decodingError { () throws(EventDecodingError) in try CustomerEventCodec.checkShape(encoded) }
            #expect(error?.reason.contains(expected) == true, "\(expected): \(error?.reason ?? "no error")")
            for plaintext in Self.plaintexts {
                #expect(error?.description.contains(plaintext) == false, "the error shows \(plaintext)")
            }
        }
    }

    @Test("only the two customer event types are customer event types")
    func customerEventTypes() {
        #expect(CustomerEventCodec.isCustomerEventType("CustomerRegistered"))
        #expect(CustomerEventCodec.isCustomerEventType("ContactInfoChanged"))
        #expect(!CustomerEventCodec.isCustomerEventType("OrderPlaced"))
        #expect(!CustomerEventCodec.isCustomerEventType("customerRegistered"))
        #expect(!CustomerEventCodec.isCustomerEventType(""))
    }

    // MARK: - What replay shows

    @Test("with the key, replay sees every sealed field in the clear and a cleared one as null")
    func disclosedWithKey() throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let registration = try CustomerEventCodec.encode(.customerRegistered(Self.complete), eventID: eventID, sealedWith: key)
        let shown = try CustomerEventCodec.disclosedPayload(registration, eventID: eventID, key: key)
        #expect(JSONValue.object(shown) == ContactDocument.json(Self.complete))

        let changeID = Self.newEventID()
        let change = try CustomerEventCodec.encode(
            .contactInfoChanged(ContactChange(email: Self.graceEmail, address: .clear)), eventID: changeID, sealedWith: key
        )
        let shownChange = try CustomerEventCodec.disclosedPayload(change, eventID: changeID, key: key)
        #expect(shownChange == ["email": "grace@cobol.example", "address": .null])

        #expect(try CustomerEventCodec.disclosedPayload(CustomerEventCodec.encode(.contactInfoChanged(.none), eventID: changeID, sealedWith: key), eventID: changeID, key: key).isEmpty)
    }

    @Test("without a key, replay sees which fields an event touched, all null, and that the customer was forgotten")
    func disclosedForgotten() throws {
        let key = try CustomerKey.generate()
        let eventID = Self.newEventID()
        let registration = try CustomerEventCodec.encode(
            .customerRegistered(ContactInfo(name: Self.ada, email: Self.adaEmail, phone: Self.adaPhone)), eventID: eventID, sealedWith: key
        )
        let shown = try CustomerEventCodec.disclosedPayload(registration, eventID: eventID, key: nil)
        #expect(shown == ["name": .null, "email": .null, "phone": .null, "forgotten": true])

        let change = try CustomerEventCodec.encode(
            .contactInfoChanged(ContactChange(email: Self.graceEmail, address: .clear)), eventID: eventID, sealedWith: key
        )
        #expect(try CustomerEventCodec.disclosedPayload(change, eventID: eventID, key: nil) == ["email": .null, "address": .null, "forgotten": true])
    }

    @Test("a malformed event is reported rather than shown as forgotten")
    func disclosedMalformed() {
        let plaintext = EncodedEvent(type: "CustomerRegistered", schemaVersion: 1, payload: ["name": "Ada Lovelace", "email": "ada@analytical.example"])
        #expect(throws: EventDecodingError.self) { try CustomerEventCodec.disclosedPayload(plaintext, eventID: Self.newEventID(), key: nil) }
    }
}
