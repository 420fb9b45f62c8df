import JSONCoding

extension JSONParser {
    /// The error that parsing `text` throws, or nil when it parses, so tests can assert on kind and offset.
    static func failure(parsing text: String, maximumDepth: Int = defaultMaximumDepth) -> JSONParseError? {
        do {
            _ = try parse(text, maximumDepth: maximumDepth)
            return nil
        } catch {
            return error
        }
    }

    /// The error that parsing `bytes` throws, or nil when they parse.
    static func failure(parsing bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth) -> JSONParseError? {
        do {
            _ = try parse(bytes, maximumDepth: maximumDepth)
            return nil
        } catch {
            return error
        }
    }
}
