/// The moment a message was written, as RFC 5322 §3.3 prints it: `Wed, 02 Dec 2026 12:34:56 +0000`.
///
/// Always UTC (`+0000`): the service has no time zone of its own to report, and a fixed zone makes
/// the rendered bytes depend on nothing but the inputs. Whole seconds since the Unix epoch, which is
/// all the field can say; a caller with `OrderDomain.Timestamp` passes its microseconds divided by a
/// million, rounded down. The calendar arithmetic is re-derived here instead of being shared with
/// `Timestamp` so that this target needs no dependency at all.
public struct MailDate: Hashable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64

    /// Years RFC 5322 can write: four digits, "1900 or later".
    public static let years: ClosedRange<Int64> = 1900...9999

    /// Throws when the moment falls outside `years`.
    public init(secondsSinceEpoch: Int64) throws(MailMessageError) {
        let year = Self.civilDate(daysSinceEpoch: Self.floorDivision(secondsSinceEpoch, 86_400).quotient).year
        guard Self.years.contains(year) else { throw .yearOutOfRange(year) }
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The field's value, e.g. `Wed, 02 Dec 2026 12:34:56 +0000`.
    public var description: String {
        let (days, secondsOfDay) = Self.floorDivision(secondsSinceEpoch, 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday, index 4 when Sunday is 0.
        let weekday = Self.floorDivision(days + 4, 7).remainder
        let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdayNames[Int(weekday)]), \(Self.twoDigits(day)) \(monthNames[Int(month) - 1]) \(year) "
            + "\(Self.twoDigits(secondsOfDay / 3600)):\(Self.twoDigits(secondsOfDay / 60 % 60)):\(Self.twoDigits(secondsOfDay % 60)) +0000"
    }

    static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// Year, month and day of a day count since 1970-01-01 in the proleptic Gregorian calendar
    /// (Howard Hinnant's `civil_from_days`, as `OrderDomain.Timestamp` uses it).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = floorDivision(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Division rounding toward negative infinity, so moments before 1970 fall on the right day.
    static func floorDivision(_ dividend: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = dividend / divisor
        let remainder = dividend % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
