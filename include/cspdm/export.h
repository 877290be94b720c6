/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CSPDM_API marks a declaration of libcspdm's public API. The library is built with
 * -fvisibility=hidden, so only what a public header declares with CSPDM_API is exported from
 * libcspdm.so (tests/check_exports.sh holds the two lists equal). A new public header includes
 * this one and puts CSPDM_API before each function it declares.
 */
#ifndef CSPDM_EXPORT_H
#define CSPDM_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define CSPDM_API __attribute__((visibility("default")))
#else
#define CSPDM_API
#endif

#endif
