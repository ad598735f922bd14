/* STREAM-style memory bandwidth: copy, scale, add and triad over doubles.
 * Usage: stream <array_size> <iterations>
 * Prints "key: value" lines: array_size, iterations, <kernel>_mb_s for each
 * kernel (best rate, 1e6 bytes/s, first iteration skipped when there are
 * several), then "validation: passed". Exits non-zero if the final arrays
 * differ from the values the same recurrence gives on scalars.
 * Each pass multiplies the values by 15, so every RESET_EVERY passes the
 * arrays are set back to their start values, outside the timed kernels;
 * 15^100 is about 4e117, well within a double. */
#define _POSIX_C_SOURCE 200112L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SCALAR 3.0
#define MAX_ITERATIONS 1000
#define RESET_EVERY 100

/* Global so the stores cannot be treated as dead. */
double *a, *b, *c;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long parse_int(const char* s, long long lo, long long hi) {
  char* end = NULL;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < lo || v > hi) return -1;
  return v;
}

/* The start values: a = 1, b = 2, c = 0. */
static void init_arrays(long long n) {
  for (long long j = 0; j < n; ++j) {
    a[j] = 1.0;
    b[j] = 2.0;
    c[j] = 0.0;
  }
}

static int close_to(double got, double want) {
  return fabs(got - want) <= 1e-13 * fabs(want);
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: stream <array_size> <iterations>\n");
    return 2;
  }
  long long n = parse_int(argv[1], 1, 1LL << 31);
  long long iters = parse_int(argv[2], 1, MAX_ITERATIONS);
  if (n < 0 || iters < 0) {
    fprintf(stderr, "stream: array_size must be in [1, 2^31] and iterations in [1, %d]\n",
            MAX_ITERATIONS);
    return 2;
  }
  size_t bytes = (size_t)n * sizeof(double);
  if (posix_memalign((void**)&a, 64, bytes) || posix_memalign((void**)&b, 64, bytes) ||
      posix_memalign((void**)&c, 64, bytes)) {
    fprintf(stderr, "stream: cannot allocate 3 arrays of %zu bytes\n", bytes);
    return 1;
  }

  static const char* names[4] = {"copy", "scale", "add", "triad"};
  const double moved[4] = {2.0 * bytes, 2.0 * bytes, 3.0 * bytes, 3.0 * bytes};
  double best[4] = {INFINITY, INFINITY, INFINITY, INFINITY};
  for (long long k = 0; k < iters; ++k) {
    if (k % RESET_EVERY == 0) init_arrays(n); /* untimed */
    double t[5];
    t[0] = now_s();
    for (long long j = 0; j < n; ++j) c[j] = a[j];
    t[1] = now_s();
    for (long long j = 0; j < n; ++j) b[j] = SCALAR * c[j];
    t[2] = now_s();
    for (long long j = 0; j < n; ++j) c[j] = a[j] + b[j];
    t[3] = now_s();
    for (long long j = 0; j < n; ++j) a[j] = b[j] + SCALAR * c[j];
    t[4] = now_s();
    if (k == 0 && iters > 1) continue;
    for (int i = 0; i < 4; ++i)
      if (t[i + 1] - t[i] < best[i]) best[i] = t[i + 1] - t[i];
  }

  /* The same recurrence on scalars gives the expected values. */
  double ea = 1.0, eb = 2.0, ec = 0.0;
  for (long long k = 0; k < iters; ++k) {
    if (k % RESET_EVERY == 0) ea = 1.0, eb = 2.0, ec = 0.0;
    ec = ea;
    eb = SCALAR * ec;
    ec = ea + eb;
    ea = eb + SCALAR * ec;
  }
  for (long long j = 0; j < n; ++j) {
    if (!close_to(a[j], ea) || !close_to(b[j], eb) || !close_to(c[j], ec)) {
      fprintf(stderr,
              "stream: validation failed at element %lld: a=%g b=%g c=%g, expected %g %g %g\n", j,
              a[j], b[j], c[j], ea, eb, ec);
      return 1;
    }
  }

  printf("array_size: %lld\niterations: %lld\n", n, iters);
  for (int i = 0; i < 4; ++i) {
    if (best[i] <= 0) {
      fprintf(stderr, "stream: %s took no measurable time; use a larger array_size\n", names[i]);
      return 1;
    }
    printf("%s_mb_s: %.1f\n", names[i], moved[i] / 1e6 / best[i]);
  }
  printf("validation: passed\n");
  free(a);
  free(b);
  free(c);
  return 0;
}
