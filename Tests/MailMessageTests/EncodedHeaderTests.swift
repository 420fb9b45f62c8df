@testable import MailMessage
import Testing

@Suite("Non-ASCII header text as RFC 2047 encoded words")
struct EncodedHeaderTests {
    @Test("a non-ASCII display name becomes one encoded word before the address")
    func displayName() throws {
        let message = try MailTestSupport.message(to: MailAddress(address: "zoe@example.org", displayName: "Zoë Dupont"))
        #expect(MailTestSupport.fieldLines("To", of: message) == ["To: =?UTF-8?B?Wm/DqyBEdXBvbnQ=?= <zoe@example.org>"])
    }

    @Test("a non-ASCII subject becomes encoded words: known outputs")
    func knownSubjects() throws {
        let known = [
            "Zoë": "Subject: =?UTF-8?B?Wm/Dqw==?=",
            "注文": "Subject: =?UTF-8?B?5rOo5paH?=",
            "Bestätigung Ihrer Bestellung": "Subject: =?UTF-8?B?QmVzdMOkdGlndW5nIElocmVyIEJlc3RlbGx1bmc=?=",
        ]
        for (subject, line) in known {
            #expect(MailTestSupport.fieldLines("Subject", of: try MailTestSupport.message(subject: subject)) == [line])
        }
    }

    @Test("text that holds =? is encoded, so no decoder can mistake it for an encoded word")
    func lookalikeEncodedWord() throws {
        let subject = "=?UTF-8?B?SGk=?="
        let lines = MailTestSupport.fieldLines("Subject", of: try MailTestSupport.message(subject: subject))
        #expect(MailTestSupport.decodedText(ofEncodedWords: MailTestSupport.encodedWords(in: lines)) == subject)
        #expect(lines != ["Subject: " + subject])
    }

    /// Subjects and names of every kind the folding must survive.
    static let longTexts = [
        "Ihre Bestellung über 3 Artikel wurde versandt – Lieferung voraussichtlich am Freitag, 4. Dezember, zwischen 10 und 14 Uhr",
        String(repeating: "😀", count: 60),
        String(repeating: "日本語の注文", count: 20),
        String(repeating: "a😀bé日", count: 25),
        String(repeating: "👨‍👩‍👧‍👦", count: 12),
        "e" + String(repeating: "\u{301}", count: 60) + " and more text after a cluster too long for one word",
    ]

    @Test("long subjects fold: every line at most 78 (76 with an encoded word), every encoded word at most 75, decoding gives the subject", arguments: longTexts)
    func longSubject(subject: String) throws {
        let lines = MailTestSupport.fieldLines("Subject", of: try MailTestSupport.message(subject: subject))
        #expect(lines.count > 1)
        for line in lines { #expect(line.utf8.count <= (line.contains("=?") ? 76 : 78), "\(line)") }
        for line in lines.dropFirst() { #expect(line.hasPrefix(" ") && line.contains { $0 != " " }) }
        let words = MailTestSupport.encodedWords(in: lines)
        for word in words { #expect(word.utf8.count <= 75, "\(word)") }
        #expect(MailTestSupport.decodedText(ofEncodedWords: words) == subject)
    }

    @Test("long display names fold the same way, the address last", arguments: longTexts)
    func longDisplayName(name: String) throws {
        let message = try MailTestSupport.message(to: MailAddress(address: "zoe@example.org", displayName: name))
        let lines = MailTestSupport.fieldLines("To", of: message)
        for line in lines { #expect(line.utf8.count <= (line.contains("=?") ? 76 : 78), "\(line)") }
        #expect(lines.last?.hasSuffix(" <zoe@example.org>") == true)
        let words = MailTestSupport.encodedWords(in: lines)
        for word in words { #expect(word.utf8.count <= 75, "\(word)") }
        #expect(MailTestSupport.decodedText(ofEncodedWords: words) == name)
    }

    @Test("each encoded word holds whole scalars, and whole characters when one fits", arguments: longTexts)
    func neverSplit(text: String) throws {
        let words = EncodedWord.words(for: text, firstWordLength: 69)
        for word in words {
            let bytes = try #require(MailTestSupport.decodedBytes(ofEncodedWord: word))
            // Valid UTF-8 on its own: no scalar's bytes were cut.
            let piece = try #require(String(validating: bytes, as: UTF8.self))
            // A cluster longer than a word's 45 bytes is the one case allowed to break between its scalars.
            if text.allSatisfy({ $0.utf8.count <= EncodedWord.byteCapacity(ofWordLength: 75) }) {
                // Every character of the piece is a character of the text, not a fragment of a cluster.
                #expect(piece.allSatisfy { Set(text).contains($0) })
            }
        }
    }

    @Test("the first word leaves room for the field's name, the others use the full 75")
    func wordLengths() {
        let words = EncodedWord.words(for: String(repeating: "é", count: 100), firstWordLength: 69)
        #expect(words.first?.utf8.count ?? 0 <= 69)
        #expect(words.dropFirst().dropLast().allSatisfy { $0.utf8.count == 72 })
    }

    @Test("a long ASCII subject folds at its own spaces, and unfolding gives it back")
    func asciiFolding() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ") + "  end  "
        let lines = MailTestSupport.fieldLines("Subject", of: try MailTestSupport.message(subject: subject))
        #expect(lines.count > 1)
        #expect(MailTestSupport.encodedWords(in: lines).isEmpty)
        for line in lines { #expect(line.utf8.count <= (line.contains("=?") ? 76 : 78), "\(line)") }
        #expect(lines.joined() == "Subject: " + subject)
    }

    @Test("an ASCII word too long for a line is encoded rather than left over 78")
    func asciiTooLong() throws {
        let subject = "Order " + String(repeating: "X", count: 90)
        let lines = MailTestSupport.fieldLines("Subject", of: try MailTestSupport.message(subject: subject))
        for line in lines { #expect(line.utf8.count <= (line.contains("=?") ? 76 : 78), "\(line)") }
        #expect(MailTestSupport.decodedText(ofEncodedWords: MailTestSupport.encodedWords(in: lines)) == subject)
    }
}
