/// An exact amount of one currency, counted in integer minor units (cents, yen, fils).
///
/// Never binary floating point: every operation is exact or reports overflow.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The amount in the currency's minor unit.
    public let minorUnits: Int64
    /// The currency the amount is in.
    public let currency: Currency

    /// Why an amount cannot be represented exactly.
    public enum Failure: Error, Equatable, Sendable {
        /// The amount has more fraction digits than the currency's minor unit.
        case tooManyFractionDigits(allowed: Int)
        /// The amount does not fit in 64-bit minor units.
        case overflow
    }

    /// Creates an amount from minor units.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in the given currency.
    public static func zero(_ currency: Currency) -> Money {
        Money(minorUnits: 0, currency: currency)
    }

    /// Converts a written decimal exactly: `19.99` EUR is 1999 cents; `10.5` JPY fails.
    ///
    /// Digits are counted as written, so `"1200.00"` is refused for JPY: a price sent with cents for
    /// a currency that has none usually means the sender thinks the order is in another currency.
    public static func exactly(_ amount: DecimalAmount, in currency: Currency) -> Result<Money, Failure> {
        let allowed = currency.minorUnitDigits
        guard amount.fractionDigits <= allowed else { return .failure(.tooManyFractionDigits(allowed: allowed)) }
        var minorUnits = amount.significand
        for _ in amount.fractionDigits..<allowed {
            let (shifted, overflow) = minorUnits.multipliedReportingOverflow(by: 10)
            if overflow { return .failure(.overflow) }
            minorUnits = shifted
        }
        return .success(Money(minorUnits: minorUnits, currency: currency))
    }

    /// The sum, or `.overflow`; both amounts must be in the same currency.
    public func adding(_ other: Money) -> Result<Money, Failure> {
        precondition(currency == other.currency, "adding \(other.currency) to \(currency)")
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return overflow ? .failure(.overflow) : .success(Money(minorUnits: sum, currency: currency))
    }

    /// The amount times a count, or `.overflow`.
    public func multiplied(by count: Int) -> Result<Money, Failure> {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: Int64(count))
        return overflow ? .failure(.overflow) : .success(Money(minorUnits: product, currency: currency))
    }

    /// The amount as a decimal string in the currency's own minor unit: `"39.98"`, `"1200"`, `"1.250"`.
    public var decimalString: String {
        DecimalFormatting.format(minorUnits, fractionDigits: currency.minorUnitDigits)
    }

    /// Lends `decimalString`'s UTF-8 bytes to `body` from a buffer on the stack, without a String: a
    /// replay writes three amounts per event. Inlinable, so callers in other modules get it specialized.
    @inlinable
    public func withDecimalText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let fractionDigits = currency.minorUnitDigits
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DecimalFormatting.capacity(fractionDigits: fractionDigits)) { output in
            let start = DecimalFormatting.writeRightAligned(minorUnits, fractionDigits: fractionDigits, into: output)
            return try body(UnsafeBufferPointer(rebasing: output[start...]))
        }
    }

    /// The amount followed by its currency code, for messages.
    public var description: String { "\(decimalString) \(currency.code)" }
}
