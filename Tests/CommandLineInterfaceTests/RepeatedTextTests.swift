@testable import CommandLineInterface
import JSONCoding
import Testing

@Suite("Repeated text")
struct RepeatedTextTests {
    @Test("a value coming back is copied from the text written for it; a new value is written again")
    func copiesWhileTheValueRepeats() {
        var repeated = RepeatedText<Int>()
        var writer = JSONTextWriter()
        var writes = 0
        for value in [7, 7, 8, 8, 7] {
            repeated.write(value, into: &writer) { value, writer in
                writes += 1
                writer.writeInteger(value)
                writer.writeRaw(",")
            }
        }
        #expect(String(decoding: writer.output, as: UTF8.self) == "7,7,8,8,7,")
        #expect(writes == 3, "written for the first 7, the 8 and the 7 after it; copied twice")
    }
}
