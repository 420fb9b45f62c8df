#ifndef ORDERCTL_CLIBCURL_SHIM_H
#define ORDERCTL_CLIBCURL_SHIM_H
/* libcurl's easy interface, for SMTP: the protocol, STARTTLS, SMTPS, authentication and timeouts are
   libcurl's, not ours. curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call:
   these wrappers give each argument type a function of its own. */
#include <curl/curl.h>

static inline CURLcode orderctl_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode orderctl_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode orderctl_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode orderctl_curl_setopt_read_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, function);
}

/* SMTP's server replies reach the header callback, a line at a time: the way to keep the server's own
   words for a notification's attempt. */
static inline CURLcode orderctl_curl_setopt_header_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, function);
}

/* Only SMTP and SMTPS, whatever a URL says: CURLOPT_PROTOCOLS_STR from libcurl 7.85, the older bit
   mask before it (Ubuntu 22.04 has 7.81). */
static inline CURLcode orderctl_curl_allow_mail_protocols_only(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075500
    return curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
    return curl_easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
}

static inline CURLcode orderctl_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
#endif
