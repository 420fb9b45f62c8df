import CLibPQ

/// The notices a session's server sends besides results, kept for what they say about a commit.
///
/// PostgreSQL answers a `COMMIT` whose wait for the synchronous standby was cancelled (a statement
/// timeout, a cancel request) with success and a WARNING: the transaction is committed locally but may
/// not have reached the standby, so a failover now would lose it. libpq hands such notices to a receiver
/// rather than to the result, which is what this class is; everything else stays unprinted, as notices
/// such as "relation already exists, skipping" are for humans at psql, not for our stderr.
final class ServerNotices {
    /// The last WARNING since `forgetWarnings()`, in the server's words with its detail.
    private(set) var lastWarning: String?

    /// Forgets the warnings seen so far, before a statement whose own warnings matter.
    func forgetWarnings() {
        lastWarning = nil
    }

    /// Starts receiving `connection`'s notices. The connection must not outlive this object: the
    /// receiver holds it unretained, and `DatabaseConnection` owns both.
    func receive(from connection: OpaquePointer) {
        PQsetNoticeReceiver(connection, { argument, result in
            guard let argument, let result else { return }
            Unmanaged<ServerNotices>.fromOpaque(argument).takeUnretainedValue().record(result)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func record(_ result: OpaquePointer) {
        // The severity's untranslated form: the server's language may not be English.
        guard field(result, "V") == "WARNING" else { return }
        // "There is no transaction in progress" (25P01) says nothing about a commit's fate.
        guard field(result, "C") != "25P01" else { return }
        let message = field(result, "M") ?? "warning"
        lastWarning = field(result, "D").map { "\(message) (\($0))" } ?? message
    }

    private func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
    }
}
