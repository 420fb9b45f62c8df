#ifndef ORDERCTL_CLIBCRYPTO_SHIM_H
#define ORDERCTL_CLIBCRYPTO_SHIM_H
/* SHA256_Transform is marked deprecated in OpenSSL 3 in favour of EVP, which has no call for one
   block of a running state; it is still exported and uses the CPU's SHA instructions. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#endif
