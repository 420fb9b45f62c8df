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
        // Two digits at a time from a table: half the divisions of one digit at a time, for a time that
        // exports, audits and replays print for every event (a replay twice).
        let digitPairs: StaticString = """
            00010203040506070809101112131415161718192021222324252627282930313233343536373839\
            40414243444546474849505152535455565758596061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899
            """
        func putPair(_ value: Int64, at start: Int) {
            let pair = Int(truncatingIfNeeded: value) &* 2
            text[start] = digitPairs.utf8Start[pair]
            text[start &+ 1] = digitPairs.utf8Start[pair &+ 1]
        }
        let seconds = microsecondsOfDay / 1_000_000
        let microseconds = microsecondsOfDay % 1_000_000
        putPair(month, at: 5)
        putPair(day, at: 8)
        putPair(seconds / 3600, at: 11)
        putPair(seconds / 60 % 60, at: 14)
        putPair(seconds % 60, at: 17)
        putPair(microseconds / 10_000, at: 20)
        putPair(microseconds / 100 % 100, at: 22)
        putPair(microseconds % 100, at: 24)
        guard (0...9999).contains(year) else { return false }
        putPair(year / 100, at: 0)
        putPair(year % 100, at: 2)
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
