import JSONCoding

/// What JSON may hold to be storable in a `jsonb` column: PostgreSQL refuses the NUL character in
/// text and numbers beyond its `numeric` range, and a refusal at append time would come too late
/// to be answered as a bad line.
enum StorableJSON {
    /// The largest decimal exponent (and literal length) accepted for numbers in metadata:
    /// far inside `numeric`'s limits, far beyond any real metadata.
    static let largestNumberMagnitude = 1000

    /// Why a value cannot be stored, or nil when it can.
    static func problem(in value: JSONValue) -> String? {
        switch value {
        case .null, .bool:
            return nil
        case let .string(text):
            return text.unicodeScalars.contains("\u{0}") ? "contains a NUL character (\\u0000), which cannot be stored" : nil
        case let .number(literal):
            return isWithinRange(literal) ? nil : "holds the number \(literal.prefix(20))…, beyond ±1e\(largestNumberMagnitude)"
        case let .array(elements):
            return elements.lazy.compactMap(problem(in:)).first
        case let .object(object):
            for member in object.members {
                if member.key.unicodeScalars.contains("\u{0}") { return "has a key containing a NUL character (\\u0000)" }
                if let problem = problem(in: member.value) { return problem }
            }
            return nil
        }
    }

    private static func isWithinRange(_ literal: String) -> Bool {
        guard literal.utf8.count <= largestNumberMagnitude else { return false }
        guard let exponentStart = literal.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return true }
        let exponentDigits = literal[literal.index(after: exponentStart)...].drop { $0 == "+" || $0 == "-" }
        return exponentDigits.count <= 4 && (Int(exponentDigits) ?? .max) <= largestNumberMagnitude
    }
}
