#ifndef ORDERCTL_CLIBPQ_SHIM_H
#define ORDERCTL_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
