#ifndef PRESSWORK_CSTEMMER_SHIM_H
#define PRESSWORK_CSTEMMER_SHIM_H

#include <libstemmer.h>

#endif
