import CivilCalendar
/// A moment in UTC with microsecond precision, the precision of PostgreSQL's `timestamptz`.
///
/// The domain never reads a clock; moments come in from the edges.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let microsecondsSinceEpoch: Int64

    /// Creates a moment from microseconds since the Unix epoch.
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    public static func < (left: Timestamp, right: Timestamp) -> Bool {
        left.microsecondsSinceEpoch < right.microsecondsSinceEpoch
    }

    /// RFC 3339 in UTC with six fraction digits, e.g. `2026-11-24T21:09:11.123456Z`; sorts as text.
    public var description: String {
        withText { String(decoding: $0, as: UTF8.self) }
    }

    /// Lends `description`'s UTF-8 bytes to `body`, written into one buffer on the stack: every exported,
    /// audited and submitted event prints its time, and joining small strings was a tenth of an export.
    /// Inlinable, so callers in other modules get it specialized.
    @inlinable
    public func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.fourDigitYearTextLength) { text in
            if writeFourDigitYearText(into: text) { return try body(UnsafeBufferPointer(text)) }
            let wide = Array(Self.paddedYear(of: self).utf8) + text[4...]
            return try wide.withUnsafeBufferPointer(body)
        }
    }

    /// The length of `description` for years 0 to 9999.
    @usableFromInline
    static var fourDigitYearTextLength: Int { 27 }

    /// Writes `description` into the first 27 bytes of `text`, or all but its year when the year does not
    /// have four digits; returns whether it had.
    @usableFromInline
    func writeFourDigitYearText(into text: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let microsecondsPerDay: Int64 = 86_400_000_000
        let (days, microsecondsOfDay) = CivilCalendar.floorDivision(microsecondsSinceEpoch, microsecondsPerDay)
        let (year, month, day) = CivilCalendar.date(daysSinceEpoch: days)
        let template: StaticString = "0000-00-00T00:00:00.000000Z"
        _ = text.initialize(from: UnsafeBufferPointer(start: template.utf8Start, count: template.utf8CodeUnitCount))
        func put(_ value: Int64, at start: Int, width: Int) {
            var value = value
            for index in stride(from: start + width - 1, through: start, by: -1) {
                text[index] = UInt8(ascii: "0") &+ UInt8(value % 10)
                value /= 10
            }
        }
        let seconds = microsecondsOfDay / 1_000_000
        put(month, at: 5, width: 2)
        put(day, at: 8, width: 2)
        put(seconds / 3600, at: 11, width: 2)
        put(seconds / 60 % 60, at: 14, width: 2)
        put(seconds % 60, at: 17, width: 2)
        put(microsecondsOfDay % 1_000_000, at: 20, width: 6)
        guard (0...9999).contains(year) else { return false }
        put(year, at: 0, width: 4)
        return true
    }

    /// The year outside 0...9999, as it is printed: its sign, then at least four digits.
    @usableFromInline
    static func paddedYear(of timestamp: Timestamp) -> String {
        let days = CivilCalendar.floorDivision(timestamp.microsecondsSinceEpoch, 86_400_000_000).quotient
        return pad(CivilCalendar.date(daysSinceEpoch: days).year, 4)
    }
}

/// At least `width` digits, zeros in front; a negative value keeps its sign before them (`-0001`).
private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value.magnitude)
    return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
}
