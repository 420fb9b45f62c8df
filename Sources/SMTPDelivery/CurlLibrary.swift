import CLibCurl

/// libcurl's one-time global set-up, which must happen before any handle and not on two threads at once:
/// a static constant, which Swift initialises once, thread-safely, on first use.
enum CurlLibrary {
    /// Whether `curl_global_init` succeeded.
    static let isReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
