/* Counts the primes below n by trial division or a sieve.
 * Usage: prime <n> <trial|sieve>
 * Prints "key: value" lines: method, n, count, runtime_ms. */
#define _POSIX_C_SOURCE 199309L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Trial division by 2 and the odd numbers up to sqrt(k). */
static uint64_t count_trial(uint64_t n) {
  uint64_t count = n > 2 ? 1 : 0;
  for (uint64_t k = 3; k < n; k += 2) {
    int prime = 1;
    for (uint64_t d = 3; d * d <= k; d += 2) {
      if (k % d == 0) {
        prime = 0;
        break;
      }
    }
    count += prime;
  }
  return count;
}

/* Sieve of Eratosthenes over the odd numbers, one bit each; bit i is 2i+1. */
static int count_sieve(uint64_t n, uint64_t* out) {
  if (n <= 2) {
    *out = 0;
    return 0;
  }
  uint64_t bits = n / 2; /* odd numbers 1, 3, ..., below n */
  uint8_t* composite = calloc(bits / 8 + 1, 1);
  if (!composite) return -1;
  for (uint64_t i = 1; (2 * i + 1) * (2 * i + 1) < n; ++i) {
    if (composite[i >> 3] & (1u << (i & 7))) continue;
    uint64_t p = 2 * i + 1;
    for (uint64_t j = p * p / 2; j < bits; j += p) composite[j >> 3] |= (uint8_t)(1u << (j & 7));
  }
  uint64_t count = 1; /* the prime 2; bit 0 (the number 1) is skipped */
  for (uint64_t i = 1; i < bits; ++i) count += !(composite[i >> 3] & (1u << (i & 7)));
  free(composite);
  *out = count;
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: prime <n> <trial|sieve>\n");
    return 2;
  }
  char* end = NULL;
  errno = 0;
  unsigned long long n = strtoull(argv[1], &end, 10);
  if (argv[1][0] < '0' || argv[1][0] > '9' || *end != '\0' || errno != 0 || n < 2 ||
      n > 4000000000ULL) {
    fprintf(stderr, "prime: n must be an integer in [2, 4000000000], got '%s'\n", argv[1]);
    return 2;
  }
  int sieve = strcmp(argv[2], "sieve") == 0;
  if (!sieve && strcmp(argv[2], "trial") != 0) {
    fprintf(stderr, "prime: method must be trial or sieve, got '%s'\n", argv[2]);
    return 2;
  }

  uint64_t count = 0;
  double t0 = now_ms();
  if (sieve) {
    if (count_sieve(n, &count) != 0) {
      fprintf(stderr, "prime: out of memory for a sieve up to %llu\n", n);
      return 1;
    }
  } else {
    count = count_trial(n);
  }
  double t1 = now_ms();

  printf("method: %s\nn: %llu\ncount: %llu\nruntime_ms: %.3f\n", argv[2], n,
         (unsigned long long)count, t1 - t0);
  return 0;
}
