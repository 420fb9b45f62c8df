import ArgumentParser
import OrderDomain

/// Options that name a moment (`--as-of`, `--since`): RFC 3339, checked before anything runs.
enum MomentOption {
    /// Throws a usage error naming `option` unless `text` is absent or an RFC 3339 time.
    static func validate(_ text: String?, option: String) throws {
        if let text, Timestamp(rfc3339: text) == nil {
            throw ValidationError("\(option) must be an RFC 3339 time such as 2026-11-24T09:30:00Z or a date such as 2026-11-24, not \"\(text.prefix(60))\"")
        }
    }
}
