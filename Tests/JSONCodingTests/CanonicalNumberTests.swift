import JSONCoding
import Testing

@Suite("Canonical numbers")
struct CanonicalNumberTests {
    @Test("every way of writing a value gives one plain decimal", arguments: [
        ("0", "0"), ("-0", "0"), ("-0.0e5", "0"), ("7", "7"), ("-12", "-12"), ("100", "100"),
        ("1.50", "1.5"), ("15e-1", "1.5"), ("0.15E+1", "1.5"), ("1e2", "100"), ("1.000", "1"),
        ("0.001", "0.001"), ("1e-3", "0.001"), ("-123.4500", "-123.45"), ("12.5e1", "125"),
        ("9223372036854775808", "9223372036854775808"),
    ])
    func plainDecimal(literal: String, canonical: String) {
        #expect(CanonicalNumber.plainDecimal(literal) == canonical)
    }

    @Test("a value too long to write plainly keeps its significant digits and an exponent")
    func exponentForm() {
        #expect(CanonicalNumber.plainDecimal("1.5e5000") == "15e4999")
        #expect(CanonicalNumber.plainDecimal("-2E-5000") == "-2e-5000")
    }
}
