@testable import PostgresClient
import Testing

@Suite("PostgreSQL array literal")
struct PostgresArrayLiteralTests {
    @Test("quotes every element, escapes quotes and backslashes, and writes nil as NULL")
    func escaping() {
        #expect(PostgresArrayLiteral.literal([]) == "{}")
        #expect(PostgresArrayLiteral.literal(["a", nil, "say \"hi\"", "back\\slash", "{,}"]) == #"{"a",NULL,"say \"hi\"","back\\slash","{,}"}"#)
    }
}
