/// RFC 2047 encoded words, `=?UTF-8?B?...?=`: how non-ASCII text gets into a header field.
///
/// "B" (base64) rather than "Q": its length depends only on the byte count, so a word's size is
/// known before it is written, and it has no special cases for the characters a phrase forbids.
enum EncodedWord {
    /// RFC 2047 §2: "An 'encoded-word' may not be more than 75 characters long".
    static let maximumLength = 75
    static let prefix = "=?UTF-8?B?"
    static let suffix = "?="

    /// The most UTF-8 bytes a word of at most `length` characters carries: whole base64 groups only.
    static func byteCapacity(ofWordLength length: Int) -> Int {
        (length - prefix.utf8.count - suffix.utf8.count) / 4 * 3
    }

    /// `text` as encoded words, the first at most `firstWordLength` characters long (the field's name
    /// takes room on the first line) and the others at most `maximumLength`.
    ///
    /// Words break between grapheme clusters, so a decoder that shows words one by one still shows whole
    /// characters; a cluster too long for one word (a family emoji, stacked combining marks) breaks between
    /// its Unicode scalars. A scalar's UTF-8 bytes are never split, as RFC 2047 §5 requires.
    /// `firstWordLength` must leave room for one four-byte scalar, i.e. be at least 20.
    static func words(for text: String, firstWordLength: Int) -> [String] {
        var words: [String] = []
        var pending: [UInt8] = []
        func capacity() -> Int {
            byteCapacity(ofWordLength: words.isEmpty ? min(firstWordLength, maximumLength) : maximumLength)
        }
        func finishWord() {
            guard !pending.isEmpty else { return }
            words.append(prefix + Base64.encode(pending) + suffix)
            pending = []
        }
        for character in text {
            let bytes = Array(character.utf8)
            if pending.count + bytes.count > capacity() { finishWord() }
            if bytes.count <= capacity() {
                pending += bytes
                continue
            }
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if pending.count + scalarBytes.count > capacity() { finishWord() }
                pending += scalarBytes
            }
        }
        finishWord()
        return words
    }
}
