/// An assigned ISO 3166-1 alpha-2 country code in upper case, such as `DE`.
///
/// Closed to the assigned codes: "UK" and "EU" are reserved, not assigned, and user-assigned codes
/// such as "XK" or "XX" mean nothing outside the party that assigned them.
public struct CountryCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The two upper-case letters.
    public let rawValue: String

    /// Nil unless `rawValue` is an assigned code in upper case.
    public init?(rawValue: String) {
        guard let code = try? Self(rawValue) else { return nil }
        self = code
    }

    /// Validates `text`, which must be an assigned code in upper case; "de" is refused, not upper-cased.
    public init(_ text: String) throws(CountryCodeError) {
        guard text.utf8.count == 2, text.unicodeScalars.count == 2 else { throw .notTwoLetters }
        guard text.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            let letters = text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) })
            let upper = letters ? text.uppercased() : nil
            throw .notUpperCase(suggestion: upper.flatMap { Self.assigned.contains($0) ? $0 : nil })
        }
        guard Self.assigned.contains(text) else { throw .unassigned(text) }
        rawValue = text
    }

    public var description: String { rawValue }

    public static func < (left: CountryCode, right: CountryCode) -> Bool { left.rawValue < right.rawValue }

    /// The 249 assigned alpha-2 codes, generated from /usr/share/iso-codes/json/iso_3166-1.json of
    /// Debian's iso-codes package, version 4.15.0-1 (https://salsa.debian.org/iso-codes-team/iso-codes).
    /// Committed source rather than read at build or run time; regenerate from a newer iso-codes to update.
    public static let assigned: Set<String> = [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
        "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
        "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
        "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
        "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
        "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
        "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
        "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
        "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
        "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
        "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
        "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
        "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
        "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
        "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
    ]
}

/// Why a text is not a ``CountryCode``.
public enum CountryCodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not exactly two characters, as "D" or "DEU".
    case notTwoLetters
    /// Two characters but not both of A-Z; `suggestion` is the upper-case form when that is assigned.
    case notUpperCase(suggestion: String?)
    /// Two upper-case letters that ISO 3166-1 has not assigned to a country, as "UK", "EU" or "XX".
    case unassigned(String)

    /// A sentence a user can act on, naming the field.
    public var description: String {
        switch self {
        case .notTwoLetters:
            "country: must be a two-letter ISO 3166-1 code such as DE or GB"
        case let .notUpperCase(suggestion?):
            "country: must be written in upper case; use \(suggestion)"
        case .notUpperCase(nil):
            "country: must be two upper-case letters A-Z forming an ISO 3166-1 code such as DE or GB"
        case let .unassigned(code):
            "country: \(code) is not an assigned ISO 3166-1 alpha-2 code" + (code == "UK" ? "; the United Kingdom is GB" : "")
        }
    }
}
