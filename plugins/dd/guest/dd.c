/* Writes a file in fixed-size blocks and flushes it to disk with fsync.
 * Usage: dd <file> <size_mib> <block_kib> <direct: 0|1>
 * Prints "key: value" lines: bytes, block_bytes, direct, runtime_ms,
 * throughput_mib_s. The timed span runs from open() to the end of fsync(). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Parses a decimal integer in [lo, hi]; returns -1 on failure. */
static long long parse_int(const char* s, long long lo, long long hi) {
  char* end = NULL;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < lo || v > hi) return -1;
  return v;
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: dd <file> <size_mib> <block_kib> <direct: 0|1>\n");
    return 2;
  }
  long long size_mib = parse_int(argv[2], 1, 1 << 20);
  long long block_kib = parse_int(argv[3], 1, 1 << 20);
  long long direct = parse_int(argv[4], 0, 1);
  if (size_mib < 0 || block_kib < 0 || direct < 0) {
    fprintf(stderr, "dd: bad argument: size_mib=%s block_kib=%s direct=%s\n", argv[2], argv[3],
            argv[4]);
    return 2;
  }
  if ((size_mib * 1024) % block_kib != 0 || (direct && block_kib % 4 != 0)) {
    fprintf(stderr,
            "dd: block_kib must divide size_mib*1024 (and be a multiple of 4 with direct)\n");
    return 2;
  }

  size_t block = (size_t)block_kib * 1024;
  long long blocks = size_mib * 1024 / block_kib;
  unsigned char* buf = NULL;
  if (posix_memalign((void**)&buf, 4096, block) != 0) {
    fprintf(stderr, "dd: cannot allocate a %zu-byte buffer\n", block);
    return 1;
  }
  for (size_t i = 0; i < block; ++i) buf[i] = (unsigned char)(i * 131 + 7); /* not all zero */

  double t0 = now_ms();
  int flags = O_WRONLY | O_CREAT | O_TRUNC | (direct ? O_DIRECT : 0);
  int fd = open(argv[1], flags, 0644);
  if (fd < 0) {
    fprintf(stderr, "dd: open %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  for (long long b = 0; b < blocks; ++b) {
    size_t done = 0;
    while (done < block) {
      ssize_t n = write(fd, buf + done, block - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fprintf(stderr, "dd: write %s: %s\n", argv[1], n < 0 ? strerror(errno) : "no progress");
        return 1;
      }
      done += (size_t)n;
    }
  }
  if (fsync(fd) != 0) {
    fprintf(stderr, "dd: fsync %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  double t1 = now_ms();
  if (close(fd) != 0) {
    fprintf(stderr, "dd: close %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  unlink(argv[1]);
  free(buf);

  long long bytes = size_mib * 1024 * 1024;
  double ms = t1 - t0;
  printf("bytes: %lld\nblock_bytes: %zu\ndirect: %lld\nruntime_ms: %.3f\n", bytes, block, direct,
         ms);
  printf("throughput_mib_s: %.3f\n", ms > 0 ? (double)size_mib / (ms / 1e3) : 0.0);
  return 0;
}
