extension Timestamp {
    /// Parses RFC 3339: `2026-11-24T09:30:00Z`, with up to six fraction digits and `Z` or an offset
    /// (`+01:00`); a lower-case `t`/`z` or a space for `T` are accepted too. A date alone
    /// (`2026-11-24`) means its first microsecond in UTC. Nil for anything else, or a day that does not exist.
    public init?(rfc3339 text: String) {
        // Long on purpose: the RFC 3339 grammar read left to right, field by field, in one place.
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        guard let year = number(0..<4), byte(4) == UInt8(ascii: "-"), let month = number(5..<7), byte(7) == UInt8(ascii: "-"),
              let day = number(8..<10), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        if bytes.count == 10 {
            self.init(microsecondsSinceEpoch: days * 86_400_000_000)
            return
        }
        guard let separator = byte(10), [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(separator),
              let hour = number(11..<13), byte(13) == UInt8(ascii: ":"), let minute = number(14..<16), byte(16) == UInt8(ascii: ":"),
              let second = number(17..<19), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if byte(index) == UInt8(ascii: ".") {
            let start = index + 1
            var end = start
            while let digit = byte(end), digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") { end += 1 }
            guard end > start, end - start <= 6, let digits = number(start..<end) else { return nil }
            fraction = digits
            for _ in 0..<(6 - (end - start)) { fraction *= 10 }
            index = end
        }
        var offsetSeconds: Int64 = 0
        switch byte(index) {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let offsetHours = number((index + 1)..<(index + 3)), byte(index + 3) == UInt8(ascii: ":"),
                  let offsetMinutes = number((index + 4)..<(index + 6)), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (byte(index) == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        self.init(microsecondsSinceEpoch: seconds * 1_000_000 + fraction)
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
