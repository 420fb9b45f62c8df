import SeededRandomness
import JSONCoding

/// Builds arbitrary but valid JSON values, leaning towards the strings and numbers most likely to break a codec.
struct RandomJSONValueGenerator {
    /// The source of randomness, seeded so failures reproduce.
    var random: SplitMix64
    /// Containers stop nesting below this depth so values stay small.
    let maximumDepth: Int

    /// Scalars that stress escaping and decoding: quotes, backslashes, controls, separators, combining marks, astral.
    static let awkwardScalars: [Unicode.Scalar] = [
        "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1B}", "\u{1F}",
        "\u{7F}", "\u{80}", "\u{A0}", "é", "\u{301}", "€", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}",
        "\u{FFFF}", "𝄞", "🧾", "\u{10FFFF}",
    ]

    /// Creates a generator with its own seeded randomness.
    init(seed: UInt64, maximumDepth: Int = 4) {
        random = SplitMix64(seed: seed)
        self.maximumDepth = maximumDepth
    }

    /// A random value nested at most `maximumDepth` levels below `depth`.
    mutating func value(depth: Int = 0) -> JSONValue {
        let kindCount = depth < maximumDepth ? 7 : 5
        switch Int.random(in: 0..<kindCount, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(numberLiteral())
        case 3, 4: return .string(string())
        case 5: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth + 1) })
        default: return .object(object(depth: depth + 1))
        }
    }

    /// An object with distinct keys, since the parser rightly refuses repeated ones.
    private mutating func object(depth: Int) -> JSONObject {
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            let key = string()
            // String equality is what the parser uses for duplicates, so the same test keeps keys acceptable.
            guard object[key] == nil else { continue }
            object.members.append(JSONMember(key: key, value: value(depth: depth)))
        }
        return object
    }

    /// A number literal drawn from the RFC 8259 grammar, including huge and signed-exponent forms.
    mutating func numberLiteral() -> String {
        var literal = Bool.random(using: &random) ? "-" : ""
        if Int.random(in: 0..<4, using: &random) == 0 {
            literal += "0"
        } else {
            literal += String(Int.random(in: 1...9, using: &random))
            literal += digits(count: Int.random(in: 0...22, using: &random))
        }
        if Bool.random(using: &random) {
            literal += "." + digits(count: Int.random(in: 1...6, using: &random))
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            literal += ["e", "E"].randomElement(using: &random)!
            literal += ["", "+", "-"].randomElement(using: &random)!
            literal += digits(count: Int.random(in: 1...3, using: &random))
        }
        return literal
    }

    /// A short string mixing plain ASCII, awkward scalars and arbitrary valid scalars.
    mutating func string() -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...10, using: &random) {
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                scalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7e, using: &random)))
            case 1:
                scalars.append(Self.awkwardScalars.randomElement(using: &random)!)
            default:
                scalars.append(anyScalar())
            }
        }
        return String(scalars)
    }

    /// Any Unicode scalar value, skipping the surrogate range that has no scalars.
    private mutating func anyScalar() -> Unicode.Scalar {
        while true {
            let value = UInt32.random(in: 0...0x10ffff, using: &random)
            if let scalar = Unicode.Scalar(value) { return scalar }
        }
    }

    /// `count` random decimal digits.
    private mutating func digits(count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x30...0x39, using: &random))) })
    }
}
