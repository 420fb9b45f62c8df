/* The libcurl functions orderctl calls, found with dlopen and dlsym on first use: see CLibCurl.h. */
#include <dlfcn.h>
#include <stddef.h>
#include "CLibCurl.h"

static struct {
    int tried;
    int ready;
    const char *error;
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static int found(void *library, const char *name, void **slot) {
    *slot = dlsym(library, name);
    return *slot != NULL;
}

int orderctl_curl_load(void) {
    if (curl.tried) return curl.ready;
    curl.tried = 1;
    /* The soname of libcurl 7 and 8 alike; the one the development package's headers describe. */
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        curl.error = "libcurl (libcurl.so.4) could not be opened: install libcurl4-openssl-dev or libcurl4";
        return 0;
    }
    if (!found(library, "curl_global_init", (void **)&curl.global_init) || !found(library, "curl_easy_init", (void **)&curl.easy_init)
        || !found(library, "curl_easy_cleanup", (void **)&curl.easy_cleanup) || !found(library, "curl_easy_perform", (void **)&curl.easy_perform)
        || !found(library, "curl_easy_strerror", (void **)&curl.easy_strerror) || !found(library, "curl_easy_setopt", (void **)&curl.easy_setopt)
        || !found(library, "curl_easy_getinfo", (void **)&curl.easy_getinfo) || !found(library, "curl_slist_append", (void **)&curl.slist_append)
        || !found(library, "curl_slist_free_all", (void **)&curl.slist_free_all)) {
        curl.error = "libcurl.so.4 lacks a function orderctl needs";
        return 0;
    }
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        curl.error = "libcurl could not be started (curl_global_init)";
        return 0;
    }
    curl.ready = 1;
    return 1;
}

const char *orderctl_curl_load_error(void) { return curl.error != NULL ? curl.error : "libcurl is not loaded"; }

CURL *orderctl_curl_easy_init(void) { return curl.ready ? curl.easy_init() : NULL; }
void orderctl_curl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
CURLcode orderctl_curl_easy_perform(CURL *handle) { return curl.easy_perform(handle); }
const char *orderctl_curl_easy_strerror(CURLcode code) { return curl.ready ? curl.easy_strerror(code) : orderctl_curl_load_error(); }
struct curl_slist *orderctl_curl_slist_append(struct curl_slist *list, const char *text) {
    return curl.ready ? curl.slist_append(list, text) : list;
}
void orderctl_curl_slist_free_all(struct curl_slist *list) {
    if (curl.ready) curl.slist_free_all(list);
}

CURLcode orderctl_curl_setopt_long(CURL *handle, CURLoption option, long value) { return curl.easy_setopt(handle, option, value); }
CURLcode orderctl_curl_setopt_string(CURL *handle, CURLoption option, const char *value) { return curl.easy_setopt(handle, option, value); }
CURLcode orderctl_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) { return curl.easy_setopt(handle, option, value); }
CURLcode orderctl_curl_setopt_read_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *)) {
    return curl.easy_setopt(handle, CURLOPT_READFUNCTION, function);
}
CURLcode orderctl_curl_setopt_header_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *)) {
    return curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, function);
}

/* CURLOPT_PROTOCOLS_STR from libcurl 7.85, the older bit mask before it (Ubuntu 22.04 has 7.81). The
   headers say which the build has; the library loaded is the same package's. */
CURLcode orderctl_curl_allow_mail_protocols_only(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075500
    return curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
    return curl.easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
}

CURLcode orderctl_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) { return curl.easy_getinfo(handle, info, value); }
