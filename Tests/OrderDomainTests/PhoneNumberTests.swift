import OrderDomain
import Testing

@Suite("Phone numbers")
struct PhoneNumberTests {
    @Test("'+' and 8 to 15 ASCII digits are accepted as given", arguments: [
        "+12345678", "+123456789012345", "+4930123456", "+4915112345678", "+00000000",
    ])
    func accepts(text: String) throws {
        #expect(try PhoneNumber(text).value == text)
    }

    @Test("anything else is refused with the first broken rule", arguments: [
        ("", PhoneNumberError.empty),
        ("+", .tooFewDigits(0)),
        ("+1234567", .tooFewDigits(7)),
        ("+1234567890123456", .tooManyDigits(16)),
        ("+49 30 1234567", .notADigit(codePoint: 0x20, position: 4)),
        ("+49-30-1234567", .notADigit(codePoint: 0x2D, position: 4)),
        ("+49(30)1234567", .notADigit(codePoint: 0x28, position: 4)),
        ("0049301234567", .missingPlus),
        ("4930123456", .missingPlus),
        (" +4930123456", .missingPlus),
        ("+4930123456 ", .notADigit(codePoint: 0x20, position: 12)),
        ("＋4930123456", .missingPlus),
        ("++4930123456", .notADigit(codePoint: 0x2B, position: 2)),
        ("+٤٩٣٠١٢٣٤٥٦", .notADigit(codePoint: 0x664, position: 2)),
        ("+۴۹۳۰۱۲۳۴۵۶", .notADigit(codePoint: 0x6F4, position: 2)),
        ("+４９30123456", .notADigit(codePoint: 0xFF14, position: 2)),
        ("+4930123456\r\n", .notADigit(codePoint: 0x0D, position: 12)),
        ("+4930123456\n", .notADigit(codePoint: 0x0A, position: 12)),
        ("+4930\01234567", .notADigit(codePoint: 0x00, position: 6)),
        ("+4930123456\u{85}", .notADigit(codePoint: 0x85, position: 12)),
        ("+4930123456\u{7F}", .notADigit(codePoint: 0x7F, position: 12)),
        ("+49301234x6", .notADigit(codePoint: 0x78, position: 10)),
    ])
    func refuses(text: String, error: PhoneNumberError) {
        #expect(throws: error) { try PhoneNumber(text) }
    }

    @Test("messages name the field and never echo a control character", arguments: [
        PhoneNumberError.empty, .missingPlus, .notADigit(codePoint: 0x0A, position: 3), .tooFewDigits(7), .tooManyDigits(16),
    ])
    func describes(error: PhoneNumberError) {
        #expect(error.description.hasPrefix("phone: "))
        #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }
}
