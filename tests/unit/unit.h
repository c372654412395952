/* Common includes for the cmocka unit tests. */
#ifndef ZBB_UNIT_H
#define ZBB_UNIT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#endif
