import CLibCrypto
import Synchronization

/// A few OpenSSL digest contexts (`EVP_MD_CTX`) kept between messages, lent out for one operation
/// at a time, so that hashing one event does not allocate and free a context.
///
/// A borrower re-initialises or overwrites the context first (`EVP_DigestInit_ex2`,
/// `EVP_MD_CTX_copy_ex`), so a context comes back in whatever state its last borrower left it.
enum SpareDigestContexts {
    // Two slots, so that two threads hashing at once both find one. Atomic slots rather than a
    // locked list: lending costs one exchange and threads never wait for each other; a thread that
    // finds both slots empty makes a context of its own. A slot holds the context's address, 0 when
    // empty: an OpaquePointer is not Sendable, an address is.
    private static let firstSlot = Atomic<UInt>(0)
    private static let secondSlot = Atomic<UInt>(0)

    /// Lends a spare context (or a new one when none is spare) to `body`, then keeps it for the next
    /// borrower, or frees it when both slots have filled up meanwhile.
    static func borrow<Result>(_ body: (OpaquePointer) -> Result) -> Result {
        let context = take()
        defer { giveBack(context) }
        return body(context)
    }

    /// A spare context, or a new one when none is spare.
    private static func take() -> OpaquePointer {
        if let spare = OpaquePointer(bitPattern: firstSlot.exchange(0, ordering: .acquiring)) { return spare }
        if let spare = OpaquePointer(bitPattern: secondSlot.exchange(0, ordering: .acquiring)) { return spare }
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        return context
    }

    /// Keeps `context` for a later `take()`, or frees it when both slots are full.
    private static func giveBack(_ context: OpaquePointer) {
        let address = UInt(bitPattern: context)
        if firstSlot.compareExchange(expected: 0, desired: address, ordering: .releasing).exchanged { return }
        if secondSlot.compareExchange(expected: 0, desired: address, ordering: .releasing).exchanged { return }
        EVP_MD_CTX_free(context)
    }
}
