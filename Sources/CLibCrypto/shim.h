#ifndef ORDERCTL_CLIBCRYPTO_SHIM_H
#define ORDERCTL_CLIBCRYPTO_SHIM_H
/* OpenSSL's EVP digest interface, the maintained way to SHA-256: OpenSSL does the padding, the
   buffering and the rounds, with the processor's SHA instructions where it has them.
   The EVP cipher interface (in the same header) gives PersonalDataProtection AES-256-GCM, rand.h
   the operating system's random bytes for its keys and nonces, and err.h the reason when a call
   fails. Deprecated declarations are hidden, so that a call such as SHA256_Transform cannot come back. */
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#endif
