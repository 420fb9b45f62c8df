import Testing
@testable import OrderDomain

@Suite("Money and decimal amounts")
struct MoneyTests {
    static func amount(_ text: String) -> DecimalAmount { DomainFixtures.amount(text) }

    @Test("exact conversion in the currency's minor unit", arguments: [
        ("19.99", Currency.eur, Int64(1999), "19.99"),
        ("19.9", .eur, 1990, "19.90"),
        ("19", .usd, 1900, "19.00"),
        ("1200", .jpy, 1200, "1200"),
        ("1.25", .kwd, 1250, "1.250"),
        ("0.005", .kwd, 5, "0.005"),
        ("0", .chf, 0, "0.00"),
        ("007.50", .gbp, 750, "7.50"),
    ])
    func exactConversion(text: String, currency: Currency, minorUnits: Int64, formatted: String) {
        let money = Money.exactly(Self.amount(text), in: currency)
        #expect(money == .success(Money(minorUnits: minorUnits, currency: currency)))
        #expect((try? money.get())?.decimalString == formatted)
    }

    @Test("more fraction digits than the currency has is refused, counted as written", arguments: [
        ("10.5", Currency.jpy, 0), ("1200.00", .jpy, 0), ("19.999", .eur, 2), ("1.2345", .kwd, 3),
    ])
    func tooManyDigits(text: String, currency: Currency, allowed: Int) {
        #expect(Money.exactly(Self.amount(text), in: currency) == .failure(.tooManyFractionDigits(allowed: allowed)))
    }

    @Test("scaling up to the minor unit reports overflow instead of trapping")
    func scaleOverflow() {
        #expect(Money.exactly(Self.amount("9223372036854775807"), in: .eur) == .failure(.overflow))
        #expect(Money.exactly(Self.amount("9223372036854775807"), in: .jpy) == .success(Money(minorUnits: .max, currency: .jpy)))
    }

    @Test("addition and multiplication report overflow")
    func arithmeticOverflow() {
        let big = Money(minorUnits: .max, currency: .eur)
        #expect(big.adding(Money(minorUnits: 1, currency: .eur)) == .failure(.overflow))
        #expect(big.multiplied(by: 2) == .failure(.overflow))
        #expect(Money(minorUnits: 1999, currency: .eur).multiplied(by: 2) == .success(Money(minorUnits: 3998, currency: .eur)))
    }

    @Test("formatting negative and extreme amounts")
    func formatting() {
        #expect(Money(minorUnits: -5, currency: .eur).decimalString == "-0.05")
        #expect(Money(minorUnits: .min, currency: .eur).decimalString == "-92233720368547758.08")
        #expect(Money(minorUnits: 1250, currency: .kwd).description == "1.250 KWD")
    }

    @Test("the decimal text lent from the stack is the decimal string, in every minor unit and at the extremes", arguments: [
        Money(minorUnits: 0, currency: .eur), Money(minorUnits: 5, currency: .kwd), Money(minorUnits: 1_999, currency: .eur),
        Money(minorUnits: 1_200, currency: .jpy), Money(minorUnits: -5, currency: .eur), Money(minorUnits: .min, currency: .eur),
        Money(minorUnits: .max, currency: .kwd), Money(minorUnits: .min, currency: .jpy),
    ])
    func decimalText(money: Money) {
        #expect(money.withDecimalText { String(decoding: $0, as: UTF8.self) } == money.decimalString)
    }

    @Test("decimal strings: what parses and what does not", arguments: [
        ("19.99", true), ("0", true), ("0.5", true), ("19.", false), (".5", false), ("", false), ("1e3", false),
        ("+1", false), (" 1", false), ("1,5", false), ("1.2.3", false), ("NaN", false), ("١٢", false),
    ])
    func parsing(text: String, parses: Bool) {
        let result = DecimalAmount.parse(text)
        if parses {
            #expect((try? result.get()) != nil)
        } else {
            #expect(result == .failure(.malformed))
        }
    }

    @Test("negative and oversized decimal strings get their own failure")
    func parseFailures() {
        #expect(DecimalAmount.parse("-1.00") == .failure(.negative))
        #expect(DecimalAmount.parse("-") == .failure(.malformed))
        #expect(DecimalAmount.parse("99999999999999999999") == .failure(.tooLarge))
        #expect(DecimalAmount.parse("99999999999.999999999") == .failure(.tooLarge))
        #expect(DecimalAmount.parse("0.0000000000000000001") == .success(DecimalAmount(significand: 1, fractionDigits: 19)))
    }

    @Test("currencies carry ISO 4217 minor units")
    func currencies() {
        #expect(Currency.jpy.minorUnitDigits == 0)
        #expect(Currency.kwd.minorUnitDigits == 3)
        #expect([Currency.eur, .usd, .gbp, .chf].allSatisfy { $0.minorUnitDigits == 2 })
        #expect(Currency(code: "EUR") == .eur)
        #expect(Currency(code: "eur") == nil)
        #expect(Currency(code: "XXX") == nil)
        #expect(Currency(code: "TRY") == .try_)
    }
}
