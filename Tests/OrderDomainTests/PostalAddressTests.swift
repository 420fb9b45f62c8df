import OrderDomain
import Testing

@Suite("Postal addresses")
struct PostalAddressTests {
    @Test("valid parts are accepted and stored trimmed")
    func accepts() throws {
        let address = try PostalAddress(street: "  Unter den Linden 1 ", city: "Berlin\u{A0}", postalCode: " 10117", country: "DE")
        #expect(address.street == "Unter den Linden 1")
        #expect(address.city == "Berlin")
        #expect(address.postalCode == "10117")
        #expect(address.country == CountryCode(rawValue: "DE"))
        let british = try PostalAddress(street: "10 Downing Street", city: "London", postalCode: "SW1A 2AA", country: "GB")
        #expect(british.postalCode == "SW1A 2AA")
    }

    @Test("each text field takes 200 scalars, however many Characters they make",
          arguments: PostalAddressError.TextField.allCases, textsOfExactly200Scalars)
    func acceptsTwoHundredScalars(field: PostalAddressError.TextField, text: String) throws {
        let address = try make(field, text)
        let stored = switch field {
        case .street: address.street
        case .city: address.city
        case .postalCode: address.postalCode
        }
        #expect(stored.unicodeScalars.count == 200)
    }

    @Test("each text field refuses 201 scalars", arguments: PostalAddressError.TextField.allCases, textsOfExactly200Scalars)
    func refusesTwoHundredAndOneScalars(field: PostalAddressError.TextField, text: String) {
        #expect(throws: PostalAddressError.tooLong(field, scalarCount: 201)) { try make(field, text + "a") }
    }

    @Test("each text field refuses empty and only spaces", arguments: PostalAddressError.TextField.allCases, ["", " ", "\u{3000}"])
    func refusesEmpty(field: PostalAddressError.TextField, text: String) {
        #expect(throws: PostalAddressError.empty(field)) { try make(field, text) }
    }

    @Test("each text field refuses control characters anywhere", arguments: PostalAddressError.TextField.allCases, hostileControls)
    func refusesControl(field: PostalAddressError.TextField, control: (Character, UInt32)) {
        let (character, codePoint) = control
        #expect(throws: PostalAddressError.controlCharacter(field, codePoint: codePoint, position: 1)) { try make(field, "\(character)abc") }
        #expect(throws: PostalAddressError.controlCharacter(field, codePoint: codePoint, position: 2)) { try make(field, "a\(character)bc") }
        #expect(throws: PostalAddressError.controlCharacter(field, codePoint: codePoint, position: 4)) { try make(field, "abc\(character)") }
    }

    @Test("the country must be an assigned upper-case code", arguments: [
        ("de", CountryCodeError.notUpperCase(suggestion: "DE")), ("UK", .unassigned("UK")), ("EU", .unassigned("EU")),
        ("XK", .unassigned("XK")), ("D", .notTwoLetters), ("DEU", .notTwoLetters), ("", .notTwoLetters), ("DE\r\n", .notTwoLetters),
    ])
    func refusesCountry(country: String, error: CountryCodeError) {
        #expect(throws: PostalAddressError.country(error)) {
            try PostalAddress(street: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: country)
        }
    }

    @Test("the first broken field in parameter order is reported")
    func reportsFirst() {
        #expect(throws: PostalAddressError.empty(.street)) { try PostalAddress(street: "", city: "", postalCode: "", country: "") }
        #expect(throws: PostalAddressError.empty(.city)) { try PostalAddress(street: "a", city: "", postalCode: "", country: "") }
        #expect(throws: PostalAddressError.empty(.postalCode)) { try PostalAddress(street: "a", city: "b", postalCode: "", country: "") }
    }

    @Test("messages name the field", arguments: [
        (PostalAddressError.empty(.street), "street: "), (.tooLong(.city, scalarCount: 201), "city: "),
        (.controlCharacter(.postalCode, codePoint: 0x0A, position: 2), "postalCode: "), (.country(.notTwoLetters), "country: "),
    ])
    func describes(error: PostalAddressError, prefix: String) {
        #expect(error.description.hasPrefix(prefix))
        #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    /// An otherwise valid address with `text` in `field`.
    private func make(_ field: PostalAddressError.TextField, _ text: String) throws(PostalAddressError) -> PostalAddress {
        try PostalAddress(
            street: field == .street ? text : "Unter den Linden 1",
            city: field == .city ? text : "Berlin",
            postalCode: field == .postalCode ? text : "10117",
            country: "DE"
        )
    }
}
