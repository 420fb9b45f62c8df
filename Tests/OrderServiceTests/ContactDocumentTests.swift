import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Contact document")
struct ContactDocumentTests {
    static let berlin = try! PostalAddress(street: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE")

    @Test("contact details are name, email, phone and address in that order, absent parts null")
    func contactShape() throws {
        let name = try PersonName("Ada Lovelace")
        let email = try EmailAddress("ada@analytical.example")
        let complete = ContactInfo(name: name, email: email, phone: try PhoneNumber("+442079460958"), address: Self.berlin)
        #expect(
            ContactDocument.json(complete).serialized()
                == #"{"name":"Ada Lovelace","email":"ada@analytical.example","phone":"+442079460958","address":{"street":"Unter den Linden 1","city":"Berlin","postalCode":"10117","country":"DE"}}"#
        )
        #expect(
            ContactDocument.json(ContactInfo(name: name, email: email)).serialized()
                == #"{"name":"Ada Lovelace","email":"ada@analytical.example","phone":null,"address":null}"#
        )
    }

    @Test("an address comes back from its document, through its text too, with members in any order")
    func addressRoundTrip() throws {
        #expect(try ContactDocument.address(from: ContactDocument.address(Self.berlin)) == Self.berlin)
        #expect(try ContactDocument.address(from: JSONParser.parse(ContactDocument.address(Self.berlin).serialized())) == Self.berlin)
        let reordered: JSONValue = ["country": "DE", "postalCode": "10117", "city": "Berlin", "street": "Unter den Linden 1"]
        #expect(try ContactDocument.address(from: reordered) == Self.berlin)
    }

    @Test("an address document that is not one is refused, saying which part is wrong")
    func addressRefused() {
        let cases: [(JSONValue, AddressDocumentError)] = [
            ("Unter den Linden 1, Berlin", .notAnObject),
            (["street": "Unter den Linden 1", "city": "Berlin", "postalCode": "10117"], .missingMember("country")),
            (["street": "Unter den Linden 1", "city": "Berlin", "postalCode": 10117, "country": "DE"], .missingMember("postalCode")),
            (["street": "Unter den Linden 1", "city": "Berlin", "postalCode": "10117", "country": "DE", "floor": "3"], .unexpectedMember),
            (["street": " ", "city": "Berlin", "postalCode": "10117", "country": "DE"], .invalid(.empty(.street))),
            (["street": "Unter den Linden 1", "city": "Berlin", "postalCode": "10117", "country": "de"], .invalid(.country(.notUpperCase(suggestion: "DE")))),
        ]
        for (document, expected) in cases {
            #expect(throws: expected) { try ContactDocument.address(from: document) }
        }
        #expect(AddressDocumentError.invalid(.empty(.street)).description == "address: street: must not be empty or only spaces")
    }
}
