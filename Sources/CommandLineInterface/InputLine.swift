/// One line of `submit`'s input, numbered from 1 (blank lines count but yield no result).
public enum InputLine: Equatable, Sendable {
    /// A line within the length limit, without its line terminator.
    case text(number: Int, bytes: [UInt8])
    /// A line over the limit; its bytes were skipped, never held.
    case tooLong(number: Int, length: Int)

    /// The 1-based line number.
    public var number: Int {
        switch self {
        case let .text(number, _), let .tooLong(number, _): number
        }
    }
}
