import CLibCurl

/// libcurl opened and set up, once, before any handle and not on two threads at once: a static constant,
/// which Swift initialises once, thread-safely, on first use.
enum CurlLibrary {
    /// Whether libcurl was opened and `curl_global_init` succeeded.
    static let isReady: Bool = orderctl_curl_load() == 1

    /// Why it is not ready.
    static var problem: String { String(cString: orderctl_curl_load_error()) }
}
