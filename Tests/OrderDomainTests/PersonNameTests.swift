import OrderDomain
import Testing

/// Control characters a careful attacker would try, with the code point the error must name.
let hostileControls: [(Character, UInt32)] = [
    ("\r", 0x0D), ("\n", 0x0A), ("\r\n", 0x0D), ("\t", 0x09), ("\0", 0x00), ("\u{7F}", 0x7F), ("\u{85}", 0x85),
    ("\u{1B}", 0x1B), ("\u{0B}", 0x0B), ("\u{0C}", 0x0C), ("\u{9F}", 0x9F), ("\u{80}", 0x80),
]

/// 200 Unicode scalars, each string spelled with a different kind of Character.
let textsOfExactly200Scalars: [String] = [
    String(repeating: "a", count: 200),
    String(repeating: "👍🏽", count: 100),  // 2 scalars a Character
    String(repeating: "e\u{301}", count: 100),  // e and a combining acute accent
    String(repeating: "👨‍👩‍👧", count: 40),  // man, ZWJ, woman, ZWJ, girl: 5 scalars
    String(repeating: "ü", count: 200),  // precomposed: 1 scalar, 2 UTF-8 octets
]

@Suite("Person names")
struct PersonNameTests {
    @Test("valid names are accepted and stored trimmed of surrounding spaces", arguments: [
        ("Anna", "Anna"),
        ("  Anna Müller  ", "Anna Müller"),
        ("Anna  Maria", "Anna  Maria"),
        ("\u{A0}Anna\u{3000}", "Anna"),
        ("\u{2003}\u{202F}Anna\u{2028}", "Anna"),
        ("李小龍", "李小龍"),
        ("O'Brien-Smith", "O'Brien-Smith"),
        ("Jose\u{301}", "Jose\u{301}"),
        ("X", "X"),
        ("👍🏽", "👍🏽"),
    ])
    func accepts(text: String, stored: String) throws {
        let name = try PersonName(text)
        #expect(Array(name.value.unicodeScalars) == Array(stored.unicodeScalars))
        #expect(name.description == name.value)
    }

    @Test("a space carrying a combining mark is text, not trimmed away")
    func keepsCombinedSpace() throws {
        #expect(Array(try PersonName(" \u{301}Anna").value.unicodeScalars) == Array(" \u{301}Anna".unicodeScalars))
    }

    @Test("empty or only spaces is refused", arguments: ["", " ", "     ", "\u{A0}", "\u{3000}\u{2003}", "\u{2028}"])
    func refusesEmpty(text: String) {
        #expect(throws: PersonNameError.empty) { try PersonName(text) }
    }

    @Test("200 scalars are accepted, however many Characters they make", arguments: textsOfExactly200Scalars)
    func acceptsTwoHundredScalars(text: String) throws {
        #expect(text.unicodeScalars.count == 200)
        #expect(try PersonName(text).value.unicodeScalars.count == 200)
        #expect(try PersonName("  " + text + " ").value.unicodeScalars.count == 200)
    }

    @Test("201 scalars are refused, though fewer than 200 Characters", arguments: textsOfExactly200Scalars)
    func refusesTwoHundredAndOneScalars(text: String) {
        #expect(throws: PersonNameError.tooLong(scalarCount: 201)) { try PersonName(text + "a") }
        #expect(throws: PersonNameError.tooLong(scalarCount: 201)) { try PersonName("b" + text) }
    }

    @Test("control characters are refused at the start, inside and at the end, never trimmed", arguments: hostileControls)
    func refusesControl(control: Character, codePoint: UInt32) {
        #expect(throws: PersonNameError.controlCharacter(codePoint: codePoint, position: 1)) { try PersonName("\(control)Anna") }
        #expect(throws: PersonNameError.controlCharacter(codePoint: codePoint, position: 4)) { try PersonName("Ann\(control)a") }
        #expect(throws: PersonNameError.controlCharacter(codePoint: codePoint, position: 5)) { try PersonName("Anna\(control)") }
        #expect(throws: PersonNameError.controlCharacter(codePoint: codePoint, position: 2)) { try PersonName(" \(control) ") }
    }

    @Test("a header injection is refused, and its position counts the spaces before trimming")
    func refusesHeaderInjection() {
        #expect(throws: PersonNameError.controlCharacter(codePoint: 0x0D, position: 7)) { try PersonName("  Anna\r\nBcc: x@y.z") }
    }

    @Test("messages name the field and never echo a control character", arguments: [
        PersonNameError.empty, .tooLong(scalarCount: 201), .controlCharacter(codePoint: 0x0D, position: 3),
    ])
    func describes(error: PersonNameError) {
        #expect(error.description.hasPrefix("name: "))
        #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    @Test("a control character is named by its code point")
    func namesCodePoint() {
        #expect(PersonNameError.controlCharacter(codePoint: 0x85, position: 3).description.contains("U+0085 at position 3"))
        #expect(PersonNameError.tooLong(scalarCount: 201).description.contains("201"))
    }
}
