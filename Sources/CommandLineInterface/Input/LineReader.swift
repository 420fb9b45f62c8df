#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a file descriptor into lines in bounded memory: a line longer than the limit is
/// reported as too long and skipped up to its newline without being kept.
public struct LineReader {
    /// The longest line `submit` accepts, in bytes without the newline: far above any real command
    /// (a few hundred bytes), far below what could hurt the process.
    public static let maximumLineLength = 1_048_576

    private let fileDescriptor: Int32
    private let maximumLineLength: Int
    private var buffer: [UInt8]
    private var bufferStart = 0
    private var bufferEnd = 0
    private var lineNumber = 0
    private var reachedEnd = false
    /// Lines read before and given back, to be read again first (in order, from `nextGivenBack`).
    private var givenBack: [InputLine] = []
    private var nextGivenBack = 0

    /// Reads from an open descriptor (it is not closed here).
    public init(fileDescriptor: Int32, maximumLineLength: Int = LineReader.maximumLineLength, chunkSize: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.maximumLineLength = maximumLineLength
        self.buffer = [UInt8](repeating: 0, count: max(chunkSize, 1))
    }

    /// The next line, or nil at the end of input. A final line without a newline is still a line.
    public mutating func nextLine() throws(LineReaderError) -> InputLine? {
        if nextGivenBack < givenBack.count {
            defer { nextGivenBack += 1 }
            return givenBack[nextGivenBack]
        }
        var current: [UInt8] = []
        var length = 0
        var sawAnything = false
        while true {
            if bufferStart == bufferEnd {
                if reachedEnd { break }
                try refill()
                if bufferStart == bufferEnd { break }
            }
            sawAnything = true
            let available = buffer[bufferStart..<bufferEnd]
            if let newline = available.firstIndex(of: UInt8(ascii: "\n")) {
                let piece = buffer[bufferStart..<newline]
                length += piece.count
                if length <= maximumLineLength { current.append(contentsOf: piece) }
                bufferStart = newline + 1
                return finishLine(current, length: length)
            }
            length += available.count
            if length <= maximumLineLength { current.append(contentsOf: available) } else { current = [] }
            bufferStart = bufferEnd
        }
        return sawAnything ? finishLine(current, length: length) : nil
    }

    /// Whether the next line can be read without waiting for the writer: bytes are buffered, or the
    /// descriptor has more (or its end) ready. A batch of commands grows only while this holds, so a
    /// person typing commands one at a time still gets each answer at once.
    public var hasInputReady: Bool {
        if nextGivenBack < givenBack.count { return true }
        if bufferStart < bufferEnd || reachedEnd { return true }
        var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Gives back lines this reader handed out, to be read again, in the order given, before any other
    /// line: after a failover, the lines whose answers were cut off are handled again. Lines given back
    /// earlier and not read again yet come after them, since they follow them in the input.
    public mutating func giveBack(_ lines: [InputLine]) {
        givenBack = lines + linesToReadAgain
        nextGivenBack = 0
    }

    /// The lines given back and not read again yet, in input order.
    public var linesToReadAgain: [InputLine] {
        Array(givenBack[nextGivenBack...])
    }

    private mutating func finishLine(_ bytes: [UInt8], length: Int) -> InputLine {
        lineNumber += 1
        if length > maximumLineLength { return .tooLong(number: lineNumber, length: length) }
        return .text(number: lineNumber, bytes: bytes)
    }

    private mutating func refill() throws(LineReaderError) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bufferStart = 0
                bufferEnd = count
                return
            }
            if count == 0 {
                reachedEnd = true
                bufferStart = 0
                bufferEnd = 0
                return
            }
            if errno == EINTR { continue }
            throw LineReaderError(errorNumber: errno)
        }
    }
}
