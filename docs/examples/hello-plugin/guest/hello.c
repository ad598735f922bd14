/* hello: the guest side. Usage: hello <count> <seed>
 * Prints "count: N", "checksum: X" and "runtime_ms: T" lines on stdout. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../checksum.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: hello <count> <seed>\n");
    return 2;
  }
  unsigned long long count = strtoull(argv[1], NULL, 10);
  unsigned long long seed = strtoull(argv[2], NULL, 10);

  double t0 = now_ms();
  unsigned long long sum = hello_checksum(count, seed);
  double t1 = now_ms();

  printf("count: %llu\nchecksum: %llu\nruntime_ms: %.3f\n", count, sum, t1 - t0);
  return 0;
}
