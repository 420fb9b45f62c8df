import CLibCrypto
@testable import PersonalDataProtection
import Testing

@Suite("FieldCipherError")
struct FieldCipherErrorTests {
    @Test("a library failure carries OpenSSL's error string and empties the queue")
    func libraryReason() {
        // Fetching a cipher that does not exist queues an "unsupported" error on this thread.
        #expect(EVP_CIPHER_fetch(nil, "NO-SUCH-CIPHER", nil) == nil)
        let error = FieldCipherError.library("EVP_CIPHER_fetch")
        guard case let .libraryFailure(operation, reason) = error else {
            Issue.record("not a library failure: \(error)")
            return
        }
        #expect(operation == "EVP_CIPHER_fetch")
        #expect(reason.hasPrefix("error:"), "\(reason)")
        #expect(reason.contains("unsupported"), "\(reason)")
        #expect(ERR_get_error() == 0)
    }

    @Test("a library failure with nothing queued says so")
    func noReason() {
        ERR_clear_error()
        #expect(FieldCipherError.library("RAND_bytes") == .libraryFailure(operation: "RAND_bytes", reason: "no reason given"))
    }
}
