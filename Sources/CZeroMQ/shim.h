#ifndef PRESSWORK_CZEROMQ_SHIM_H
#define PRESSWORK_CZEROMQ_SHIM_H

#include <zmq.h>

#endif
