/// One mailbox, `local@domain`, in plain ASCII.
///
/// The local part is an RFC 5322 dot-atom of at most 64 octets; the domain is two or more labels
/// of letters, digits and hyphens, each 1 to 63 octets and not starting or ending with a hyphen;
/// the whole address is at most 254 octets. Nothing else is accepted: no display name
/// ("Name <a@b.com>"), comments, quoted local parts, domain literals ("[127.0.0.1]"), surrounding
/// or inner spaces, and no Unicode (an internationalised domain is accepted in its xn-- form).
/// The text is not trimmed: an address with spaces round it is refused, not repaired.
///
/// Stored with the domain lower-cased, since domains are case-insensitive, and the local part as
/// given, since its case may matter to the receiving server.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The most octets of the local part (RFC 5321 4.5.3.1.1).
    public static let maximumLocalPartOctets = 64
    /// The most octets of one domain label (RFC 1035 2.3.4).
    public static let maximumLabelOctets = 63
    /// The most octets of the whole address (a 256-octet path less its angle brackets).
    public static let maximumOctets = 254

    /// The address, domain lower-cased.
    public let value: String

    /// The part before the '@', as given.
    public var localPart: Substring { value[..<value.lastIndex(of: "@")!] }

    /// The part after the '@', lower-cased.
    public var domain: Substring { value[value.index(after: value.lastIndex(of: "@")!)...] }

    /// Validates `text` and lower-cases its domain.
    public init(_ text: String) throws(EmailAddressError) {
        guard !text.isEmpty else { throw .empty }
        for (index, scalar) in text.unicodeScalars.enumerated() where !scalar.isASCII {
            throw .notASCII(codePoint: scalar.value, position: index + 1)
        }
        let octets = Array(text.utf8)
        guard octets.count <= Self.maximumOctets else { throw .tooLong(octets: octets.count) }
        let atSigns = octets.indices.filter { octets[$0] == UInt8(ascii: "@") }
        guard atSigns.count == 1, let at = atSigns.first else { throw .notExactlyOneAtSign(found: atSigns.count) }

        try Self.checkLocalPart(octets[..<at])
        try Self.checkDomain(octets[(at + 1)...])

        let lowered = octets[(at + 1)...].map { ("A"..."Z").contains(Unicode.Scalar($0)) ? $0 | 0x20 : $0 }
        value = String(decoding: octets[...at] + lowered, as: UTF8.self)
    }

    public var description: String { value }

    /// The dot-atom rule; positions count octets of the whole address from 1.
    private static func checkLocalPart(_ local: ArraySlice<UInt8>) throws(EmailAddressError) {
        guard !local.isEmpty else { throw .emptyLocalPart }
        guard local.count <= maximumLocalPartOctets else { throw .localPartTooLong(octets: local.count) }
        for index in local.indices where !isAtext(local[index]) && local[index] != UInt8(ascii: ".") {
            throw .invalidLocalPartCharacter(codePoint: UInt32(local[index]), position: index + 1)
        }
        guard local.first != UInt8(ascii: ".") else { throw .localPartStartsWithDot }
        guard local.last != UInt8(ascii: ".") else { throw .localPartEndsWithDot }
        for index in local.indices.dropFirst() where local[index] == UInt8(ascii: ".") && local[index - 1] == UInt8(ascii: ".") {
            throw .localPartHasConsecutiveDots
        }
    }

    /// The label rule; positions count octets of the whole address from 1.
    private static func checkDomain(_ domain: ArraySlice<UInt8>) throws(EmailAddressError) {
        guard !domain.isEmpty else { throw .emptyDomain }
        for index in domain.indices where !isLetterOrDigit(domain[index]) && domain[index] != UInt8(ascii: "-") && domain[index] != UInt8(ascii: ".") {
            throw .invalidDomainCharacter(codePoint: UInt32(domain[index]), position: index + 1)
        }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty else { throw .emptyDomainLabel }
            guard label.count <= maximumLabelOctets else { throw .domainLabelTooLong(octets: label.count) }
            guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { throw .domainLabelHyphenAtEdge }
        }
        guard labels.count >= 2 else { throw .domainWithoutDot }
    }

    private static func isLetterOrDigit(_ octet: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(octet) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(octet)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(octet)
    }

    /// RFC 5322 atext: letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~
    private static func isAtext(_ octet: UInt8) -> Bool {
        isLetterOrDigit(octet) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(octet)
    }
}

/// Why a text is not an ``EmailAddress``; the first rule broken, checked in the order of the cases.
public enum EmailAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    /// A character outside ASCII at `position`, counted in scalars from 1.
    case notASCII(codePoint: UInt32, position: Int)
    /// More than 254 octets.
    case tooLong(octets: Int)
    /// No '@', or more than one.
    case notExactlyOneAtSign(found: Int)
    case emptyLocalPart
    /// More than 64 octets before the '@'.
    case localPartTooLong(octets: Int)
    /// A character outside atext and '.' before the '@', at `position` counted in octets from 1.
    case invalidLocalPartCharacter(codePoint: UInt32, position: Int)
    case localPartStartsWithDot
    case localPartEndsWithDot
    case localPartHasConsecutiveDots
    case emptyDomain
    /// A character other than a letter, digit, '-' or '.' after the '@', at `position` counted in octets from 1.
    case invalidDomainCharacter(codePoint: UInt32, position: Int)
    /// A dot at the start or end of the domain, or two in a row.
    case emptyDomainLabel
    /// A label of more than 63 octets.
    case domainLabelTooLong(octets: Int)
    /// A label starting or ending with '-'.
    case domainLabelHyphenAtEdge
    /// A single label, as in "a@localhost".
    case domainWithoutDot

    /// A sentence a user can act on, naming the field.
    public var description: String {
        switch self {
        case .empty:
            "email: must not be empty"
        case let .notASCII(codePoint, position):
            "email: only ASCII characters are accepted; replace \(ContactText.codePointName(codePoint)) at position \(position) (write an international domain in its xn-- form)"
        case let .tooLong(octets):
            "email: must be at most \(EmailAddress.maximumOctets) characters, not \(octets)"
        case let .notExactlyOneAtSign(found):
            found == 0
                ? "email: must contain an '@' between the local part and the domain"
                : "email: must contain exactly one '@', not \(found); give a single plain address without a display name"
        case .emptyLocalPart:
            "email: the part before the '@' must not be empty"
        case let .localPartTooLong(octets):
            "email: the part before the '@' must be at most \(EmailAddress.maximumLocalPartOctets) characters, not \(octets)"
        case let .invalidLocalPartCharacter(codePoint, position):
            "email: the part before the '@' may hold only letters, digits, dots and ! # $ % & ' * + - / = ? ^ _ ` { | } ~ (no spaces, quotes or brackets); remove \(ContactText.codePointName(codePoint)) at position \(position)"
        case .localPartStartsWithDot:
            "email: the part before the '@' must not start with a dot"
        case .localPartEndsWithDot:
            "email: the part before the '@' must not end with a dot"
        case .localPartHasConsecutiveDots:
            "email: the part before the '@' must not contain two dots in a row"
        case .emptyDomain:
            "email: the domain after the '@' must not be empty"
        case let .invalidDomainCharacter(codePoint, position):
            "email: the domain may hold only letters, digits, hyphens and dots (no brackets or IP addresses); remove \(ContactText.codePointName(codePoint)) at position \(position)"
        case .emptyDomainLabel:
            "email: the domain must not start or end with a dot or contain two dots in a row"
        case let .domainLabelTooLong(octets):
            "email: each dot-separated part of the domain must be at most \(EmailAddress.maximumLabelOctets) characters, not \(octets)"
        case .domainLabelHyphenAtEdge:
            "email: no dot-separated part of the domain may start or end with a hyphen"
        case .domainWithoutDot:
            "email: the domain must contain at least one dot"
        }
    }
}
