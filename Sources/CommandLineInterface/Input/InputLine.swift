/// One line of `submit`'s input, numbered from 1 (blank lines count but yield no result).
public enum InputLine: Equatable, Sendable {
    /// A line within the length limit, without its line terminator.
    case text(number: Int, bytes: [UInt8])
    /// A line over the limit; its bytes were skipped, never held.
    case tooLong(number: Int, length: Int)

    /// Only JSON whitespace (or nothing): skipped by `submit` and `import`, but still counted in line numbers.
    public var isBlank: Bool {
        guard case let .text(_, bytes) = self else { return false }
        return bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// The 1-based line number.
    public var number: Int {
        switch self {
        case let .text(number, _), let .tooLong(number, _): number
        }
    }
}
