import OrderDomain
import Testing

private func repeated(_ character: Character, _ count: Int) -> String {
    String(repeating: character, count: count)
}

/// A domain of `octets` octets: labels of 63 and a last, shorter label.
private func domain(octets: Int) -> String {
    var labels: [String] = []
    var left = octets
    while left > 64 {
        labels.append(repeated("d", 63))
        left -= 64
    }
    labels.append(repeated("e", left))
    return labels.joined(separator: ".")
}

@Suite("Email addresses")
struct EmailAddressTests {
    @Test("plain mailboxes are accepted, the local part as given and the domain lower-cased", arguments: [
        ("anna@example.com", "anna@example.com"),
        ("Anna.Example@Example.COM", "Anna.Example@example.com"),
        ("ANNA@EXAMPLE.COM", "ANNA@example.com"),
        ("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com"),
        ("a.b.c@x.y.z", "a.b.c@x.y.z"),
        ("user+tag@sub.Example.co.uk", "user+tag@sub.example.co.uk"),
        ("a@xn--bcher-kva.example", "a@xn--bcher-kva.example"),
        ("a@XN--BCHER-KVA.example", "a@xn--bcher-kva.example"),
        ("1@2.3", "1@2.3"),
        ("a@a-b.c-d.com", "a@a-b.c-d.com"),
        ("a@a--b.com", "a@a--b.com"),
    ])
    func accepts(text: String, stored: String) throws {
        let address = try EmailAddress(text)
        #expect(address.value == stored)
        #expect(address.description == stored)
        #expect("\(address.localPart)@\(address.domain)" == stored)
    }

    @Test("parts exactly at their limits are accepted")
    func acceptsLimits() throws {
        #expect(try EmailAddress(repeated("a", 64) + "@x.com").localPart.utf8.count == 64)
        #expect(try EmailAddress("a@" + repeated("b", 63) + ".com").domain.utf8.count == 67)
        #expect(try EmailAddress("a@x." + repeated("b", 63)).domain.utf8.count == 65)
        let longest = repeated("a", 64) + "@" + domain(octets: 189)
        #expect(longest.utf8.count == 254)
        #expect(try EmailAddress(longest).value == longest)
    }

    @Test("parts one past their limits are refused")
    func refusesPastLimits() {
        #expect(throws: EmailAddressError.localPartTooLong(octets: 65)) { try EmailAddress(repeated("a", 65) + "@x.com") }
        #expect(throws: EmailAddressError.domainLabelTooLong(octets: 64)) { try EmailAddress("a@" + repeated("b", 64) + ".com") }
        #expect(throws: EmailAddressError.domainLabelTooLong(octets: 64)) { try EmailAddress("a@x." + repeated("b", 64)) }
        let tooLong = repeated("a", 64) + "@" + domain(octets: 190)
        #expect(tooLong.utf8.count == 255)
        #expect(throws: EmailAddressError.tooLong(octets: 255)) { try EmailAddress(tooLong) }
    }

    @Test("hostile and look-alike forms are refused with the first broken rule", arguments: [
        ("", EmailAddressError.empty),
        // Header injection and other control characters.
        ("a@b.com\r\nBcc: x@y.z", .notExactlyOneAtSign(found: 2)),
        ("a@b.com\r\n", .invalidDomainCharacter(codePoint: 0x0D, position: 8)),
        ("a@b.com\nBcc: x", .invalidDomainCharacter(codePoint: 0x0A, position: 8)),
        ("a\r\n@b.com", .invalidLocalPartCharacter(codePoint: 0x0D, position: 2)),
        ("\ta@b.com", .invalidLocalPartCharacter(codePoint: 0x09, position: 1)),
        ("a@b.com\0", .invalidDomainCharacter(codePoint: 0x00, position: 8)),
        ("a\0@b.com", .invalidLocalPartCharacter(codePoint: 0x00, position: 2)),
        ("a@b\u{7F}.com", .invalidDomainCharacter(codePoint: 0x7F, position: 4)),
        ("a\u{85}@b.com", .notASCII(codePoint: 0x85, position: 2)),
        ("a@b.com\u{2028}", .notASCII(codePoint: 0x2028, position: 8)),
        // Look-alikes and Unicode.
        ("a＠b.com", .notASCII(codePoint: 0xFF20, position: 2)),
        ("\u{430}nna@example.com", .notASCII(codePoint: 0x430, position: 1)),
        ("anna@ex\u{430}mple.com", .notASCII(codePoint: 0x430, position: 8)),
        ("a@bücher.example", .notASCII(codePoint: 0xFC, position: 4)),
        ("a@b\u{3002}com", .notASCII(codePoint: 0x3002, position: 4)),
        // Spaces: never trimmed.
        (" a@b.com", .invalidLocalPartCharacter(codePoint: 0x20, position: 1)),
        ("a@b.com ", .invalidDomainCharacter(codePoint: 0x20, position: 8)),
        ("a b@c.com", .invalidLocalPartCharacter(codePoint: 0x20, position: 2)),
        // The '@'.
        ("ab.com", .notExactlyOneAtSign(found: 0)),
        ("a@b@c.com", .notExactlyOneAtSign(found: 2)),
        ("\"a@b\"@c.com", .notExactlyOneAtSign(found: 2)),
        ("@x.com", .emptyLocalPart),
        ("a@", .emptyDomain),
        ("@", .emptyLocalPart),
        // Display names, comments, quotes, literals.
        ("Name <a@b.com>", .invalidLocalPartCharacter(codePoint: 0x20, position: 5)),
        ("<a@b.com>", .invalidLocalPartCharacter(codePoint: 0x3C, position: 1)),
        ("\"a b\"@x.com", .invalidLocalPartCharacter(codePoint: 0x22, position: 1)),
        ("\"ab\"@x.com", .invalidLocalPartCharacter(codePoint: 0x22, position: 1)),
        ("a(comment)@x.com", .invalidLocalPartCharacter(codePoint: 0x28, position: 2)),
        ("a\\b@x.com", .invalidLocalPartCharacter(codePoint: 0x5C, position: 2)),
        ("a,b@x.com", .invalidLocalPartCharacter(codePoint: 0x2C, position: 2)),
        ("a@[127.0.0.1]", .invalidDomainCharacter(codePoint: 0x5B, position: 3)),
        ("a@[IPv6:::1]", .invalidDomainCharacter(codePoint: 0x5B, position: 3)),
        // Dots in the local part.
        ("a..b@x.com", .localPartHasConsecutiveDots),
        (".a@x.com", .localPartStartsWithDot),
        ("a.@x.com", .localPartEndsWithDot),
        (".@x.com", .localPartStartsWithDot),
        // The domain.
        ("a@x.com.", .emptyDomainLabel),
        ("a@.x.com", .emptyDomainLabel),
        ("a@x..com", .emptyDomainLabel),
        ("a@.", .emptyDomainLabel),
        ("a@localhost", .domainWithoutDot),
        ("a@com", .domainWithoutDot),
        ("a@-a.com", .domainLabelHyphenAtEdge),
        ("a@a-.com", .domainLabelHyphenAtEdge),
        ("a@x.-com", .domainLabelHyphenAtEdge),
        ("a@x.com-", .domainLabelHyphenAtEdge),
        ("a@x_y.com", .invalidDomainCharacter(codePoint: 0x5F, position: 4)),
        ("a@x.com:25", .invalidDomainCharacter(codePoint: 0x3A, position: 8)),
    ])
    func refuses(text: String, error: EmailAddressError) {
        #expect(throws: error) { try EmailAddress(text) }
    }

    @Test("addresses that differ only in the case of the domain are equal")
    func domainCaseInsensitive() throws {
        #expect(try EmailAddress("Anna@EXAMPLE.com") == EmailAddress("Anna@example.COM"))
        #expect(try EmailAddress("Anna@example.com") != EmailAddress("anna@example.com"))
    }

    @Test("messages name the field and never echo a control character", arguments: [
        EmailAddressError.empty, .notASCII(codePoint: 0x85, position: 2), .tooLong(octets: 255), .notExactlyOneAtSign(found: 0),
        .notExactlyOneAtSign(found: 2), .emptyLocalPart, .localPartTooLong(octets: 65),
        .invalidLocalPartCharacter(codePoint: 0x0D, position: 2), .localPartStartsWithDot, .localPartEndsWithDot,
        .localPartHasConsecutiveDots, .emptyDomain, .invalidDomainCharacter(codePoint: 0x0A, position: 8), .emptyDomainLabel,
        .domainLabelTooLong(octets: 64), .domainLabelHyphenAtEdge, .domainWithoutDot,
    ])
    func describes(error: EmailAddressError) {
        #expect(error.description.hasPrefix("email: "))
        #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    @Test("the message for a domain without a dot says so")
    func domainWithoutDotMessage() {
        #expect(EmailAddressError.domainWithoutDot.description == "email: the domain must contain at least one dot")
    }
}
