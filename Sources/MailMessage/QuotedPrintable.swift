/// The body's Content-Transfer-Encoding: quoted-printable, RFC 2045 §6.7.
///
/// Chosen over base64 because the bodies are mostly ASCII (order numbers, amounts, links): encoded
/// that way they stay readable in a raw message or a transport log, grow by a few percent instead of a
/// third, and still reach a 7-bit relay intact. Lines of any length are cut by soft line breaks.
///
/// Lines starting with `.` are left as they are: dot-stuffing (RFC 5321 §4.5.2) belongs to the SMTP
/// transport, which libcurl does on upload, and doing it here too would double the dots.
enum QuotedPrintable {
    /// RFC 2045 §6.7 rule 5: "The Quoted-Printable encoding REQUIRES that encoded lines be no more
    /// than 76 characters long", the `=` of a soft line break included.
    static let maximumLineLength = 76

    /// `text` encoded, each of its lines ended by CRLF whether it came with CRLF, a lone LF, a lone CR
    /// or (the last line) nothing: RFC 2046 §4.1.1 makes CRLF the only line break of a text body.
    static func encode(_ text: String) -> [UInt8] {
        var encoded: [UInt8] = []
        for line in lines(of: Array(text.utf8)) {
            encoded += encode(line: line)
            encoded += [carriageReturn, lineFeed]
        }
        return encoded
    }

    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")
    static let equalsSign = UInt8(ascii: "=")

    /// `bytes` cut at each CRLF, lone CR and lone LF, without the breaks; a break at the very end ends the
    /// last line rather than starting an empty one.
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == carriageReturn || byte == lineFeed else {
                index += 1
                continue
            }
            lines.append(bytes[start..<index])
            let isCRLF = byte == carriageReturn && index + 1 < bytes.count && bytes[index + 1] == lineFeed
            index += isCRLF ? 2 : 1
            start = index
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }

    /// One line, without its break, encoded and cut by soft line breaks (`=` CRLF) so that no encoded
    /// line exceeds 76 characters; an `=XX` escape is never cut.
    static func encode(line: ArraySlice<UInt8>) -> [UInt8] {
        var encoded: [UInt8] = []
        var lengthOfEncodedLine = 0
        for index in line.indices {
            let isLastOfLine = index == line.index(before: line.endIndex)
            let piece = isLiteral(line[index], atEndOfLine: isLastOfLine) ? [line[index]] : escaped(line[index])
            // Before the line's last piece, room must stay for the `=` of a soft line break.
            let room = isLastOfLine ? maximumLineLength : maximumLineLength - 1
            if lengthOfEncodedLine + piece.count > room {
                encoded += [equalsSign, carriageReturn, lineFeed]
                lengthOfEncodedLine = 0
            }
            encoded += piece
            lengthOfEncodedLine += piece.count
        }
        return encoded
    }

    /// Rules 2 and 3: printable ASCII but `=` stands for itself, and so do space and tab except at the end
    /// of a line, where a transport may strip them.
    static func isLiteral(_ byte: UInt8, atEndOfLine: Bool) -> Bool {
        switch byte {
        case 33...60, 62...126: true
        case UInt8(ascii: " "), UInt8(ascii: "\t"): !atEndOfLine
        default: false
        }
    }

    /// Rule 1: `=` and two uppercase hexadecimal digits.
    static func escaped(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return [equalsSign, digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }
}
