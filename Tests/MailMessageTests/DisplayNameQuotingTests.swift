import MailMessage
import Testing

@Suite("ASCII display names: atoms or a quoted-string")
struct DisplayNameQuotingTests {
    static func toLine(_ name: String) throws -> [String] {
        let message = try MailTestSupport.message(to: MailAddress(address: "a@example.org", displayName: name))
        return MailTestSupport.fieldLines("To", of: message)
    }

    @Test("atoms joined by single spaces are written as they are")
    func atoms() throws {
        #expect(try Self.toLine("Ada Lovelace") == ["To: Ada Lovelace <a@example.org>"])
        #expect(try Self.toLine("O'Brien") == ["To: O'Brien <a@example.org>"])
    }

    @Test("specials are quoted")
    func specials() throws {
        #expect(try Self.toLine("Smith, John") == [#"To: "Smith, John" <a@example.org>"#])
        #expect(try Self.toLine("J. Smith") == [#"To: "J. Smith" <a@example.org>"#])
        #expect(try Self.toLine("ops@example.org") == [#"To: "ops@example.org" <a@example.org>"#])
        #expect(try Self.toLine("Ada (work)") == [#"To: "Ada (work)" <a@example.org>"#])
    }

    @Test("backslash and double quote are escaped inside the quotes")
    func escaping() throws {
        #expect(try Self.toLine(#"Ada "the Countess" L\ovelace"#) == [#"To: "Ada \"the Countess\" L\\ovelace" <a@example.org>"#])
        #expect(try Self.toLine(#"""#) == [#"To: "\"" <a@example.org>"#])
    }

    @Test("leading, trailing and doubled spaces are quoted so unfolding cannot lose them")
    func spaces() throws {
        #expect(try Self.toLine(" Ada") == [#"To: " Ada" <a@example.org>"#])
        #expect(try Self.toLine("Ada ") == [#"To: "Ada " <a@example.org>"#])
        #expect(try Self.toLine("Ada  Lovelace") == [#"To: "Ada  Lovelace" <a@example.org>"#])
    }

    @Test("a long ASCII name moves the address to a continuation line")
    func longName() throws {
        let name = String(repeating: "Lovelace ", count: 7) + "Ada"
        #expect(try Self.toLine(name) == ["To: \(name)", " <a@example.org>"])
    }
}
