#ifndef PRESSWORK_CUCHARDET_SHIM_H
#define PRESSWORK_CUCHARDET_SHIM_H

#include <uchardet.h>

#endif
