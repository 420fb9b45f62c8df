/// An ISO 4217 currency the service accepts, with the number of digits of its minor unit.
///
/// A closed list rather than any three letters: the number of minor-unit digits decides whether
/// an amount is exact, and guessing it for an unknown code would silently mis-price orders.
public enum Currency: String, CaseIterable, Sendable, Hashable {
    case aed = "AED", aud = "AUD", bhd = "BHD", brl = "BRL", cad = "CAD", chf = "CHF", clp = "CLP"
    case cny = "CNY", czk = "CZK", dkk = "DKK", eur = "EUR", gbp = "GBP", hkd = "HKD", huf = "HUF"
    case idr = "IDR", ils = "ILS", inr = "INR", isk = "ISK", jod = "JOD", jpy = "JPY", krw = "KRW"
    case kwd = "KWD", mxn = "MXN", myr = "MYR", nok = "NOK", nzd = "NZD", omr = "OMR", php = "PHP"
    case pln = "PLN", ron = "RON", sar = "SAR", sek = "SEK", sgd = "SGD", thb = "THB", tnd = "TND"
    case try_ = "TRY", twd = "TWD", usd = "USD", vnd = "VND", zar = "ZAR"

    /// The ISO 4217 alphabetic code, e.g. `EUR`.
    public var code: String { rawValue }

    /// Digits after the decimal separator in the currency's minor unit (ISO 4217 "E" column).
    public var minorUnitDigits: Int {
        switch self {
        case .clp, .isk, .jpy, .krw, .vnd:
            return 0
        case .bhd, .jod, .kwd, .omr, .tnd:
            return 3
        case .aed, .aud, .brl, .cad, .chf, .cny, .czk, .dkk, .eur, .gbp, .hkd, .huf, .idr, .ils, .inr,
             .mxn, .myr, .nok, .nzd, .php, .pln, .ron, .sar, .sek, .sgd, .thb, .try_, .twd, .usd, .zar:
            return 2
        }
    }

    /// Looks up an upper-case ISO code; nil when the service does not support it.
    public init?(code: String) {
        self.init(rawValue: code)
    }
}
