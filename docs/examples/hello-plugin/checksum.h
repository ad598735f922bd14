/* The hello workload, shared by the guest program and the plugin's parser so
 * that the host can check the guest's answer. Plain C, usable from C++. */
#ifndef HELLO_CHECKSUM_H
#define HELLO_CHECKSUM_H

#include <stdint.h>

/* `count` rounds of a 64-bit multiply-xorshift mix, starting from `seed`. */
static inline uint64_t hello_checksum(uint64_t count, uint64_t seed) {
  uint64_t x = seed;
  for (uint64_t i = 0; i < count; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    x ^= x >> 29;
  }
  return x;
}

#endif
