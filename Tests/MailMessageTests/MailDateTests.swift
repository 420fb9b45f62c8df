import MailMessage
import Testing

@Suite("Date field in RFC 5322 form")
struct MailDateTests {
    @Test(
        "known instants print as RFC 5322 dates in UTC",
        arguments: [
            (1_796_214_896, "Wed, 02 Dec 2026 12:34:56 +0000"),
            (0, "Thu, 01 Jan 1970 00:00:00 +0000"),
            (946_684_799, "Fri, 31 Dec 1999 23:59:59 +0000"),
            (946_684_800, "Sat, 01 Jan 2000 00:00:00 +0000"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
            (1_835_438_400, "Tue, 29 Feb 2028 12:00:00 +0000"),
            (-2_208_988_800, "Mon, 01 Jan 1900 00:00:00 +0000"),
            (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 +0000"),
        ] as [(Int64, String)]
    )
    func known(seconds: Int64, text: String) throws {
        #expect(try MailDate(secondsSinceEpoch: seconds).description == text)
    }

    @Test("years RFC 5322 cannot write are refused")
    func outOfRange() {
        #expect(throws: MailMessageError.yearOutOfRange(1899)) { try MailDate(secondsSinceEpoch: -2_208_988_801) }
        #expect(throws: MailMessageError.yearOutOfRange(10000)) { try MailDate(secondsSinceEpoch: 253_402_300_800) }
    }

    @Test("the rendered message carries the date")
    func inMessage() throws {
        let message = try MailTestSupport.message()
        #expect(MailTestSupport.fieldLines("Date", of: message) == ["Date: Wed, 02 Dec 2026 12:34:56 +0000"])
    }
}
