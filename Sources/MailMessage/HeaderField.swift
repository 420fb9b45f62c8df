/// Header fields holding caller text (`From`, `To`, `Subject`), written and folded per RFC 5322.
///
/// Text that can be written as is, is; anything else becomes encoded words. A field is folded by
/// putting CRLF before whitespace that was already there (RFC 5322 §2.2.3), so unfolding gives the
/// text back, and no line holds only whitespace. Line breaks cannot come in: `MailAddress` and
/// `MailMessage` refuse every control character before any text gets here, and the folds are the
/// only CRLFs this type writes.
enum HeaderField {
    /// RFC 5322 §2.1.1: "each line of characters SHOULD be no more than 78 characters".
    static let maximumLineLength = 78
    /// RFC 2047 §2: a header line holding an encoded word "must not be more than 76 characters long".
    static let maximumEncodedLineLength = 76

    /// A run of text a fold never breaks, with the whitespace before it, where a fold may go.
    struct Chunk: Equatable {
        var whitespaceBefore: String
        var text: String
    }

    /// The first control character (Unicode Cc: CR, LF, NUL, TAB, DEL, NEL, ...) in `text`, if any.
    static func firstControlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { $0.properties.generalCategory == .control }
    }

    /// Whether `text` can stand in a header field as is: ASCII (printable, once control characters are
    /// refused) and without `=?`, which a decoder could take for the start of an encoded word.
    static func isWritableAsIs(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.isASCII) && !text.contains("=?")
    }

    /// `From: Ada <ada@example.org>` and the like: the display name as an atom phrase, a quoted-string or
    /// encoded words, then the address in angle brackets; the bare address when there is no name.
    static func mailbox(name: String, _ mailbox: MailAddress) -> String {
        guard let displayName = mailbox.displayName else {
            return folded(name: name, chunks: [Chunk(whitespaceBefore: " ", text: mailbox.address)])
        }
        let address = Chunk(whitespaceBefore: " ", text: "<\(mailbox.address)>")
        if isWritableAsIs(displayName) {
            let phrase = isAtomPhrase(displayName) ? displayName : quotedString(displayName)
            if firstLineRoom(name: name) >= phrase.utf8.count {
                return folded(name: name, chunks: [Chunk(whitespaceBefore: " ", text: phrase), address])
            }
        }
        return folded(name: name, chunks: encodedChunks(displayName, name: name) + [address], lineLength: maximumEncodedLineLength)
    }

    /// `Subject: ...`: the text as is, folded at its own spaces, or encoded words when it is not ASCII,
    /// holds `=?`, or has a word too long to fit a line.
    static func unstructured(name: String, _ text: String) -> String {
        if isWritableAsIs(text) {
            let lines = foldedLines(name: name, chunks: spaceSeparatedChunks(text))
            if lines.allSatisfy({ $0.utf8.count <= maximumLineLength }) {
                return lines.joined(separator: "\r\n")
            }
        }
        return folded(name: name, chunks: encodedChunks(text, name: name), lineLength: maximumEncodedLineLength)
    }

    /// Characters left on the first line after `Name: `, in a line of at most `lineLength`.
    static func firstLineRoom(name: String, lineLength: Int = maximumLineLength) -> Int {
        lineLength - name.utf8.count - 2
    }

    static func encodedChunks(_ text: String, name: String) -> [Chunk] {
        EncodedWord.words(for: text, firstWordLength: firstLineRoom(name: name, lineLength: maximumEncodedLineLength))
            .map { Chunk(whitespaceBefore: " ", text: $0) }
    }

    /// RFC 5322 `atext`: the characters a phrase may hold unquoted.
    static func isAtomText(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9": true
        default: "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    /// Whether `text` is atoms joined by single spaces, which a phrase holds without quoting; leading,
    /// trailing or doubled spaces would be lost to unfolding, so those names are quoted.
    static func isAtomPhrase(_ text: String) -> Bool {
        let atoms = text.split(separator: " ", omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in !atom.isEmpty && atom.unicodeScalars.allSatisfy(isAtomText) }
    }

    /// `text` as an RFC 5322 quoted-string: in double quotes, with `\` and `"` escaped by a backslash.
    static func quotedString(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            if character == "\\" || character == "\"" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// `text` cut before each run of spaces; trailing spaces stay with the last chunk, so that every
    /// chunk holds something besides whitespace and no folded line is whitespace alone.
    static func spaceSeparatedChunks(_ text: String) -> [Chunk] {
        var chunks: [Chunk] = []
        var whitespace = ""
        var word = ""
        for character in text {
            if character == " " {
                if !word.isEmpty {
                    chunks.append(Chunk(whitespaceBefore: whitespace, text: word))
                    whitespace = ""
                    word = ""
                }
                whitespace.append(character)
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty {
            chunks.append(Chunk(whitespaceBefore: whitespace, text: word))
        } else if !whitespace.isEmpty {
            if chunks.isEmpty {
                chunks.append(Chunk(whitespaceBefore: "", text: whitespace))
            } else {
                chunks[chunks.count - 1].text += whitespace
            }
        }
        // The first chunk follows the colon and its customary space, where no fold may go.
        if !chunks.isEmpty {
            chunks[0] = Chunk(whitespaceBefore: " ", text: chunks[0].whitespaceBefore + chunks[0].text)
        }
        return chunks
    }

    static func folded(name: String, chunks: [Chunk], lineLength: Int = maximumLineLength) -> String {
        foldedLines(name: name, chunks: chunks, lineLength: lineLength).joined(separator: "\r\n")
    }

    /// `Name:` and the chunks, each on the current line when it fits within `lineLength` characters and on
    /// a continuation line (starting with its whitespace) when it does not. The first chunk always stays
    /// on the first line; a chunk longer than a line gets a line of its own, longer than `lineLength`.
    static func foldedLines(name: String, chunks: [Chunk], lineLength: Int = maximumLineLength) -> [String] {
        var lines = [name + ":"]
        for (index, chunk) in chunks.enumerated() {
            let length = lines[lines.count - 1].utf8.count + chunk.whitespaceBefore.utf8.count + chunk.text.utf8.count
            if index == 0 || length <= lineLength {
                lines[lines.count - 1] += chunk.whitespaceBefore + chunk.text
            } else {
                lines.append(chunk.whitespaceBefore + chunk.text)
            }
        }
        return lines
    }
}
