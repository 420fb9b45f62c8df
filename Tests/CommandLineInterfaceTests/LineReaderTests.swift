import CommandLineInterface
import Foundation
import Testing

@Suite("Line reader")
struct LineReaderTests {
    /// Reads all lines of `bytes` through a pipe, with a small chunk size to exercise refills.
    static func lines(_ bytes: [UInt8], maximumLineLength: Int = 16, chunkSize: Int = 5) throws -> [InputLine] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var reader = LineReader(fileDescriptor: handle.fileDescriptor, maximumLineLength: maximumLineLength, chunkSize: chunkSize)
        var lines: [InputLine] = []
        while let line = try reader.nextLine() { lines.append(line) }
        return lines
    }

    @Test("lines are numbered from 1, blank ones included, and a last line without newline counts")
    func numbering() throws {
        let lines = try Self.lines(Array("a\n\nbc\nlast".utf8))
        #expect(lines == [
            .text(number: 1, bytes: Array("a".utf8)), .text(number: 2, bytes: []),
            .text(number: 3, bytes: Array("bc".utf8)), .text(number: 4, bytes: Array("last".utf8)),
        ])
    }

    @Test("empty input has no lines; a lone newline is one blank line")
    func emptyInput() throws {
        #expect(try Self.lines([]).isEmpty)
        #expect(try Self.lines([0x0A]) == [.text(number: 1, bytes: [])])
    }

    @Test("a line over the limit is reported with its length and the next line still reads")
    func tooLong() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 40)
        let lines = try Self.lines(long + [0x0A] + Array("ok".utf8) + [0x0A] + long)
        #expect(lines == [.tooLong(number: 1, length: 40), .text(number: 2, bytes: Array("ok".utf8)), .tooLong(number: 3, length: 40)])
    }

    @Test("exactly at the limit is fine")
    func atLimit() throws {
        let exact = [UInt8](repeating: UInt8(ascii: "y"), count: 16)
        #expect(try Self.lines(exact + [0x0A]) == [.text(number: 1, bytes: exact)])
    }
}

extension LineReaderTests {
    @Test("lines given back are read again first, in order, and the input goes on after them")
    func givenBackLinesComeFirst() throws {
        let (handle, file) = try Self.open("a\nb\nc\nd\n")
        defer { Self.close(handle, file) }
        var reader = LineReader(fileDescriptor: handle.fileDescriptor, chunkSize: 3)
        let first = try reader.nextLine()
        let second = try reader.nextLine()
        reader.giveBack([first, second].compactMap { $0 })
        #expect(reader.hasInputReady)
        var numbers: [Int] = []
        while let line = try reader.nextLine() { numbers.append(line.number) }
        #expect(numbers == [1, 2, 3, 4])
    }
}

extension LineReaderTests {
    @Test("lines given back while earlier ones wait to be read again come before them, in input order")
    func givenBackTwiceKeepsInputOrder() throws {
        let (handle, file) = try Self.open("a\nb\nc\n")
        defer { Self.close(handle, file) }
        var reader = LineReader(fileDescriptor: handle.fileDescriptor)
        let first = try #require(try reader.nextLine())
        let second = try #require(try reader.nextLine())
        reader.giveBack([first, second])
        let again = try #require(try reader.nextLine())
        // A second failover before line 2 was read again: line 1 comes back first.
        reader.giveBack([again])
        #expect(reader.linesToReadAgain.map(\.number) == [1, 2])
        var numbers: [Int] = []
        while let line = try reader.nextLine() { numbers.append(line.number) }
        #expect(numbers == [1, 2, 3])
    }
}

extension LineReaderTests {
    /// A file holding `text`, open for reading, for a reader the test drives line by line.
    static func open(_ text: String) throws -> (FileHandle, URL) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)")
        try Data(text.utf8).write(to: file)
        return (try FileHandle(forReadingFrom: file), file)
    }

    static func close(_ handle: FileHandle, _ file: URL) {
        try? handle.close()
        try? FileManager.default.removeItem(at: file)
    }
}
