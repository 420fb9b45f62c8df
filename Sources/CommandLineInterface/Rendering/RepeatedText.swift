import JSONCoding

/// The JSON text last written for a value, copied out again while the same value comes back: a replay
/// writes an order's id, its customer and when it was placed into the state after every event, and
/// printing them anew each time was a twentieth of a long replay.
struct RepeatedText<Value: Equatable> {
    private var value: Value?
    private var text: [UInt8] = []

    /// Writes `newValue` with `writeText`, or copies what `writeText` wrote for it last time.
    mutating func write(_ newValue: Value, into writer: inout JSONTextWriter, _ writeText: (Value, inout JSONTextWriter) -> Void) {
        if let value, value == newValue {
            text.withUnsafeBufferPointer { writer.writeRaw(utf8: $0) }
            return
        }
        let start = writer.byteCount
        writeText(newValue, &writer)
        text = writer.withOutput { Array($0[start...]) }
        value = newValue
    }
}
