#ifndef BEBACK_CRC32C_HW_H
#define BEBACK_CRC32C_HW_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has a CRC-32C instruction (x86-64 SSE 4.2, or the ARMv8 CRC extension).
int beback_crc32c_hw_available(void);

/// Continues a CRC-32C over `count` bytes with the CPU's instruction. `crc` is the running value
/// without the final inversion (the caller inverts before and after). Only call it when
/// `beback_crc32c_hw_available()` said yes.
uint32_t beback_crc32c_hw_update(uint32_t crc, const uint8_t *bytes, size_t count);

#endif
