import OrderDomain
import Testing

@Suite("Country codes")
struct CountryCodeTests {
    @Test("assigned upper-case codes are accepted", arguments: ["DE", "GB", "US", "FR", "JP", "AX", "SS", "CW", "ZW", "AD"])
    func accepts(text: String) throws {
        #expect(try CountryCode(text).rawValue == text)
        #expect(CountryCode(rawValue: text)?.description == text)
    }

    @Test("the committed list holds the 249 codes of iso-codes 4.15.0-1, each two upper-case ASCII letters")
    func list() {
        #expect(CountryCode.assigned.count == 249)
        #expect(CountryCode.assigned.allSatisfy { $0.unicodeScalars.count == 2 && $0.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) } })
    }

    @Test("anything else is refused with the first broken rule", arguments: [
        ("de", CountryCodeError.notUpperCase(suggestion: "DE")),
        ("De", .notUpperCase(suggestion: "DE")),
        ("gb", .notUpperCase(suggestion: "GB")),
        ("uk", .notUpperCase(suggestion: nil)),
        ("UK", .unassigned("UK")),
        ("EU", .unassigned("EU")),
        ("XK", .unassigned("XK")),  // Kosovo: user-assigned, not in iso-codes 4.15.0-1
        ("XX", .unassigned("XX")),
        ("ZZ", .unassigned("ZZ")),
        ("AA", .unassigned("AA")),
        ("D", .notTwoLetters),
        ("DEU", .notTwoLetters),
        ("", .notTwoLetters),
        (" DE", .notTwoLetters),
        ("DE ", .notTwoLetters),
        ("DE\n", .notTwoLetters),
        ("D\n", .notUpperCase(suggestion: nil)),
        ("D\0", .notUpperCase(suggestion: nil)),
        ("1A", .notUpperCase(suggestion: nil)),
        ("ＤＥ", .notTwoLetters),
        ("D\u{395}", .notTwoLetters),  // Greek capital epsilon
        ("\u{1F1E9}\u{1F1EA}", .notTwoLetters),  // the flag of Germany
    ])
    func refuses(text: String, error: CountryCodeError) {
        #expect(throws: error) { try CountryCode(text) }
        #expect(CountryCode(rawValue: text) == nil)
    }

    @Test("messages name the field and help the user", arguments: [
        (CountryCodeError.notTwoLetters, "ISO 3166-1"), (.notUpperCase(suggestion: "DE"), "use DE"),
        (.notUpperCase(suggestion: nil), "upper-case"), (.unassigned("UK"), "GB"), (.unassigned("EU"), "EU is not"),
    ])
    func describes(error: CountryCodeError, hint: String) {
        #expect(error.description.hasPrefix("country: "))
        #expect(error.description.contains(hint))
    }
}
