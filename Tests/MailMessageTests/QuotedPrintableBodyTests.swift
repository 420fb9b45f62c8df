@testable import MailMessage
import Testing

@Suite("Body in quoted-printable")
struct QuotedPrintableBodyTests {
    static func encoded(_ body: String) -> String {
        String(decoding: QuotedPrintable.encode(body), as: UTF8.self)
    }

    @Test("plain ASCII lines stay as they are, ended by CRLF")
    func plain() {
        #expect(Self.encoded("Hello Ada,\nyour order: #42 (2 items).") == "Hello Ada,\r\nyour order: #42 (2 items).\r\n")
    }

    @Test("lone LF, lone CR and CRLF all become CRLF; a break at the end ends the last line")
    func lineBreaks() {
        #expect(Self.encoded("a\nb\r\nc\rd") == "a\r\nb\r\nc\r\nd\r\n")
        #expect(Self.encoded("a\r\rb\n\n") == "a\r\n\r\nb\r\n\r\n")
        #expect(Self.encoded("\n\r") == "\r\n\r\n")
        #expect(Self.encoded("\r\n") == "\r\n")
        #expect(Self.encoded("") == "")
    }

    @Test("= is written =3D")
    func equalsSign() {
        #expect(Self.encoded("1+1=2\n=") == "1+1=3D2\r\n=3D\r\n")
    }

    @Test("non-ASCII bytes and control characters are written =XX in uppercase hexadecimal")
    func nonASCII() {
        #expect(Self.encoded("Zoë, 12 €") == "Zo=C3=AB, 12 =E2=82=AC\r\n")
        #expect(Self.encoded("😀") == "=F0=9F=98=80\r\n")
        #expect(Self.encoded("a\u{0}b\u{7F}") == "a=00b=7F\r\n")
    }

    @Test("spaces and tabs stand for themselves inside a line but are encoded at its end")
    func trailingWhitespace() {
        #expect(Self.encoded("a b\tc \nd\t\n  \n") == "a b\tc=20\r\nd=09\r\n =20\r\n")
        #expect(Self.encoded("end ") == "end=20\r\n")
    }

    @Test("a line of 76 stays whole; longer lines get soft breaks with the = as the 76th character")
    func softBreaks() {
        let exact = String(repeating: "a", count: 76)
        #expect(Self.encoded(exact) == exact + "\r\n")
        let long = String(repeating: "a", count: 200)
        let lines = Self.encoded(long).split(separator: "\r\n").map(String.init)
        #expect(lines == [String(repeating: "a", count: 75) + "=", String(repeating: "a", count: 75) + "=", String(repeating: "a", count: 50)])
    }

    @Test("an =XX escape is never cut by a soft break")
    func escapeKeptWhole() {
        let lines = Self.encoded(String(repeating: "a", count: 74) + "é").split(separator: "\r\n").map(String.init)
        #expect(lines == [String(repeating: "a", count: 74) + "=", "=C3=A9"])
    }

    @Test("lines starting with a dot are left for the SMTP transport to stuff")
    func dots() {
        #expect(Self.encoded(".\n.hidden") == ".\r\n.hidden\r\n")
    }

    @Test(
        "every encoded line is at most 76 characters, only CRLF breaks lines, and decoding gives the body back",
        arguments: [
            String(repeating: "Zoë bestellt 3× Käse = 12 € ", count: 20),
            String(repeating: "😀日本", count: 80) + "\n" + String(repeating: " \t", count: 60) + "\n",
            (0..<300).map { String(UnicodeScalar(UInt8($0 % 128))) }.joined(),
            String(repeating: "=", count: 100),
        ]
    )
    func roundTrip(body: String) {
        let text = Self.encoded(body)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= 76)
            #expect(line.last != " " && line.last != "\t")
            #expect(line.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) || $0 == "\t" })
        }
        let normalized = Array(Array(body.utf8).splitLines().joined(separator: [13, 10])) + [13, 10]
        #expect(MailTestSupport.quotedPrintableDecoded(text) == normalized)
    }

    @Test("the rendered message carries the encoded body after the blank line")
    func inMessage() throws {
        let message = try MailTestSupport.message(body: "Zoë = 1\nbye ")
        #expect(MailTestSupport.body(of: message) == "Zo=C3=AB =3D 1\r\nbye=20\r\n")
    }
}

extension [UInt8] {
    /// Lines cut at CRLF, CR or LF (a final break ends the last line), written independently of the code under test.
    func splitLines() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var previousWasCarriageReturn = false
        for byte in self {
            if byte == 10 && previousWasCarriageReturn {
                previousWasCarriageReturn = false
                continue
            }
            previousWasCarriageReturn = byte == 13
            if byte == 10 || byte == 13 {
                lines.append(line)
                line = []
            } else {
                line.append(byte)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
