import CivilCalendar

/// The moment a message was written, as RFC 5322 §3.3 prints it: `Wed, 02 Dec 2026 12:34:56 +0000`.
///
/// Always UTC (`+0000`): the service has no time zone of its own to report, and a fixed zone makes
/// the rendered bytes depend on nothing but the inputs. Whole seconds since the Unix epoch, which is
/// all the field can say; a caller with `OrderDomain.Timestamp` passes its microseconds divided by a
/// million, rounded down. The calendar arithmetic is `CivilCalendar`'s, which `Timestamp` uses too.
public struct MailDate: Hashable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64

    /// Years RFC 5322 can write: four digits, "1900 or later".
    public static let years: ClosedRange<Int64> = 1900...9999

    /// Throws when the moment falls outside `years`.
    public init(secondsSinceEpoch: Int64) throws(MailMessageError) {
        let year = CivilCalendar.date(daysSinceEpoch: CivilCalendar.floorDivision(secondsSinceEpoch, 86_400).quotient).year
        guard Self.years.contains(year) else { throw .yearOutOfRange(year) }
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The field's value, e.g. `Wed, 02 Dec 2026 12:34:56 +0000`.
    public var description: String {
        let (days, secondsOfDay) = CivilCalendar.floorDivision(secondsSinceEpoch, 86_400)
        let (year, month, day) = CivilCalendar.date(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday, index 4 when Sunday is 0.
        let weekday = CivilCalendar.floorDivision(days + 4, 7).remainder
        let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdayNames[Int(weekday)]), \(Self.twoDigits(day)) \(monthNames[Int(month) - 1]) \(year) "
            + "\(Self.twoDigits(secondsOfDay / 3600)):\(Self.twoDigits(secondsOfDay / 60 % 60)):\(Self.twoDigits(secondsOfDay % 60)) +0000"
    }

    static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
