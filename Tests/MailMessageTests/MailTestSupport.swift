@testable import MailMessage

/// Fixtures and readers the mail tests share: a message to vary, and decoders written here from the
/// RFCs rather than taken from the code under test, so that a bug cannot cancel itself out.
enum MailTestSupport {
    static let sender = try! MailAddress(address: "orders@example.com", displayName: "Orders")
    static let recipient = try! MailAddress(address: "ada@example.org", displayName: "Ada Lovelace")
    /// Wed, 02 Dec 2026 12:34:56 +0000.
    static let date = try! MailDate(secondsSinceEpoch: 1_796_214_896)
    static let messageID = try! MessageID(notificationID: "n-42")

    /// A message with the fixtures and whatever the test varies.
    static func message(
        from: MailAddress = sender, to: MailAddress = recipient, subject: String = "Your order has shipped",
        body: String = "Hello\n"
    ) throws -> MailMessage {
        try MailMessage(from: from, to: to, subject: subject, date: date, messageID: messageID, body: body)
    }

    /// The rendered message as text (it is ASCII throughout).
    static func text(of message: MailMessage) -> String {
        String(decoding: message.rendered(), as: UTF8.self)
    }

    /// The header's lines, without their CRLFs.
    static func headerLines(of message: MailMessage) -> [String] {
        let text = text(of: message)
        let header = text[..<text.firstRange(of: "\r\n\r\n")!.lowerBound]
        return header.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The body as rendered, after the blank line.
    static func body(of message: MailMessage) -> String {
        let text = text(of: message)
        return String(text[text.firstRange(of: "\r\n\r\n")!.upperBound...])
    }

    /// The lines of the field `name`: its first line and the continuation lines after it.
    static func fieldLines(_ name: String, of message: MailMessage) -> [String] {
        let lines = headerLines(of: message)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(name + ":") }) else { return [] }
        var field = [lines[start]]
        for line in lines[(start + 1)...] {
            guard line.hasPrefix(" ") || line.hasPrefix("\t") else { break }
            field.append(line)
        }
        return field
    }

    /// The encoded words in `lines`, in order.
    static func encodedWords(in lines: [String]) -> [String] {
        lines.flatMap { $0.split(separator: " ") }.map(String.init).filter { $0.hasPrefix("=?") && $0.hasSuffix("?=") }
    }

    /// The bytes of one `=?UTF-8?B?...?=` word, or nil when it is not one.
    static func decodedBytes(ofEncodedWord word: String) -> [UInt8]? {
        guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return nil }
        return base64Decoded(String(word.dropFirst(10).dropLast(2)))
    }

    /// The text of consecutive encoded words, joined as RFC 2047 §6.2 says (whitespace between them
    /// dropped); nil when one of them is not a whole UTF-8 text on its own.
    static func decodedText(ofEncodedWords words: [String]) -> String? {
        var text = ""
        for word in words {
            guard let bytes = decodedBytes(ofEncodedWord: word),
                  let piece = String(validating: bytes, as: UTF8.self) else { return nil }
            text += piece
        }
        return text
    }

    /// Padded standard base64 to bytes; nil for a character outside the alphabet or a bad length.
    static func base64Decoded(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let characters = Array(text.utf8)
        guard characters.count % 4 == 0 else { return nil }
        var bytes: [UInt8] = []
        var bits: UInt32 = 0
        var bitCount = 0
        for character in characters where character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            bits = bits << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(bits >> UInt32(bitCount) & 0xFF))
            }
        }
        return bytes
    }

    /// Quoted-printable text to bytes: soft line breaks dropped, `=XX` read; hard CRLFs kept.
    static func quotedPrintableDecoded(_ text: String) -> [UInt8] {
        let characters = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < characters.count {
            if characters[index] == UInt8(ascii: "=") {
                let next = String(decoding: characters[(index + 1)..<min(index + 3, characters.count)], as: UTF8.self)
                if next == "\r\n" {
                    index += 3
                } else {
                    bytes.append(UInt8(next, radix: 16)!)
                    index += 3
                }
            } else {
                bytes.append(characters[index])
                index += 1
            }
        }
        return bytes
    }
}
