#ifndef ORDERCTL_CLIBCURL_H
#define ORDERCTL_CLIBCURL_H
/* libcurl's easy interface, for SMTP: the protocol, STARTTLS, SMTPS, authentication and timeouts are
   libcurl's, not ours.

   libcurl is opened with dlopen when the first message is sent, not linked: it brings some fifteen
   libraries of its own (HTTP/2, SSH, RTMP, PSL, IDN, brotli, zstd, ...), which every orderctl process
   would otherwise load and relocate as it starts, 0.5 to 1.7 ms of each query and replay, although only
   `notify run` sends mail. Its types and constants come from its header as before.

   curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: these wrappers give each
   argument type a function of its own. */
#include <curl/curl.h>

/* Opens libcurl and runs curl_global_init, once; 1 when libcurl is ready, 0 when it could not be
   opened or started (orderctl_curl_load_error() then says why). Not for two threads at once. */
int orderctl_curl_load(void);
const char *orderctl_curl_load_error(void);

CURL *orderctl_curl_easy_init(void);
void orderctl_curl_easy_cleanup(CURL *handle);
CURLcode orderctl_curl_easy_perform(CURL *handle);
const char *orderctl_curl_easy_strerror(CURLcode code);
struct curl_slist *orderctl_curl_slist_append(struct curl_slist *list, const char *text);
void orderctl_curl_slist_free_all(struct curl_slist *list);

CURLcode orderctl_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode orderctl_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode orderctl_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode orderctl_curl_setopt_read_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *));
/* SMTP's server replies reach the header callback, a line at a time: the way to keep the server's own
   words for a notification's attempt. */
CURLcode orderctl_curl_setopt_header_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *));
/* Only SMTP and SMTPS, whatever a URL says. */
CURLcode orderctl_curl_allow_mail_protocols_only(CURL *handle);
CURLcode orderctl_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
#endif
