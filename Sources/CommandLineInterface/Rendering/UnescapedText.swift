import JSONCoding
import OrderDomain

/// A value whose text is written as a JSON string as it is, without escaping (ids and times: digits,
/// letters, dashes and colons), and lent as UTF-8 bytes without a String.
protocol UnescapedText {
    func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result
}

extension Identifier: UnescapedText {}
extension Timestamp: UnescapedText {}

extension RepeatedText where Value: UnescapedText {
    /// Writes `newValue` as a JSON string, or copies the string written for it last time.
    mutating func write(_ newValue: Value, into writer: inout JSONTextWriter) {
        write(newValue, into: &writer) { value, writer in value.withText { writer.writeUnescapedString(utf8: $0) } }
    }
}
