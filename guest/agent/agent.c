// fcbench guest agent: PID 1 after switch_root. Reads one job from the raw
// channel device, runs it, writes the results back and reboots the VM.
// Protocol: docs/guest-protocol.md.
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define JOB_AREA (1u << 20)  // the job lives in the first 1 MiB of the channel
#define JOB_FIRST_READ (64u << 10)
#define DEFAULT_RES_OFF JOB_AREA
#define DEFAULT_RES_SIZE (4u << 20)
#define MAX_ARGS 1024
#define MAX_ENV 1024
#define MAX_FILES 256
#define STDOUT_PATH "/tmp/fcbench.stdout"
#define STDERR_PATH "/tmp/fcbench.stderr"

struct job {
  char* argv[MAX_ARGS + 1];
  int argc;
  char* env[MAX_ENV + 3];  // + PATH, HOME, NULL
  int envc;
  char* files[MAX_FILES];
  int nfiles;
  const char* cwd;
  unsigned long long res_off, res_size, timer_addr;
  int has_res_size, has_timer;
};

struct result {
  const char* status;
  int exit_status, term_signal;
  int ran;  // payload was forked: stdout/stderr/payload_ns are reported
  long long payload_ns;
  char error[512];
};

// One data-carrying record (stdout, stderr or a result file).
struct blob {
  char* data;
  size_t len;   // bytes read (<= cap)
  size_t full;  // size of the source
  size_t keep;  // bytes that go into the result
  int err;      // errno if the file could not be read
};

static void out(const char* s, size_t n) {
  while (n > 0) {
    ssize_t w = write(STDOUT_FILENO, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

// Prints "\n@@FCBENCH:<name>@@[ detail]\n"; detail is forced onto one line.
static void marker(const char* name, const char* detail) {
  char line[700];
  int n = snprintf(line, sizeof line, "\n@@FCBENCH:%s@@%s%s", name, detail ? " " : "",
                   detail ? detail : "");
  if (n < 0) return;
  if ((size_t)n >= sizeof line - 1) n = sizeof line - 2;
  for (int i = 1; i < n; i++)
    if (line[i] == '\n' || line[i] == '\r') line[i] = ' ';
  line[n++] = '\n';
  out(line, (size_t)n);
}

static long long now_ns(clockid_t clk) {
  struct timespec ts;
  clock_gettime(clk, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Unmounts /work (so the write disk is clean), syncs and reboots.
static void reboot_now(void) {
  if (chdir("/") == 0) umount2("/work", 0);
  sync();
  for (;;) {
    reboot(RB_AUTOBOOT);
    sleep(1);
  }
}

// Finds fcbench.chan=DEV in /proc/cmdline.
static void read_chan(char* chan, size_t cap) {
  char buf[4096];
  int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return;
  buf[n] = '\0';
  for (char* tok = strtok(buf, " \t\n"); tok; tok = strtok(NULL, " \t\n"))
    if (strncmp(tok, "fcbench.chan=", 13) == 0 && strlen(tok + 13) < cap) strcpy(chan, tok + 13);
}

static int parse_u64(const char* s, int base, unsigned long long* v) {
  char* end;
  if (!*s || *s == '-' || *s == '+' || *s == ' ') return -1;
  errno = 0;
  *v = strtoull(s, &end, base);
  return (errno || *end) ? -1 : 0;
}

static const char kTruncated[] = "job truncated";

// Parses a FCBJOB1 job in place (values are NUL-terminated where their
// trailing '\n' was). Returns NULL, kTruncated if the job runs past the end
// of buf, or another error.
static const char* parse_job(char* p, size_t n, struct job* j) {
  char* end = p + n;
  if (n < 8) return kTruncated;
  if (memcmp(p, "FCBJOB1\n", 8) != 0) return "bad job header (want FCBJOB1)";
  p += 8;
  for (;;) {
    char* key = p;
    while (p < end && p - key < 32 &&
           (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
      p++;
    if (p == end) return kTruncated;
    if (*p != ' ' || p == key) return "malformed job record key";
    *p++ = '\0';
    unsigned long long len = 0;
    char* digits = p;
    while (p < end && isdigit((unsigned char)*p) && p - digits < 12)
      len = len * 10 + (unsigned)(*p++ - '0');
    if (p == end) return kTruncated;
    if (*p != '\n' || p == digits) return "malformed job record length";
    char* val = ++p;
    if (len >= (unsigned long long)(end - val)) return kTruncated;
    if (val[len] != '\n') return "job record not terminated by newline";
    val[len] = '\0';
    p = val + len + 1;

    if (strcmp(key, "end") == 0) return NULL;
    int is_str = !strcmp(key, "arg") || !strcmp(key, "env") || !strcmp(key, "result_file") ||
                 !strcmp(key, "cwd");
    if (is_str && memchr(val, '\0', len)) return "NUL byte in a job string";
    if (!strcmp(key, "arg")) {
      if (j->argc == MAX_ARGS) return "too many arg records";
      j->argv[j->argc++] = val;
    } else if (!strcmp(key, "env")) {
      if (j->envc == MAX_ENV) return "too many env records";
      if (!strchr(val, '=')) return "env record without '='";
      j->env[j->envc++] = val;
    } else if (!strcmp(key, "result_file")) {
      if (j->nfiles == MAX_FILES) return "too many result_file records";
      j->files[j->nfiles++] = val;
    } else if (!strcmp(key, "cwd")) {
      j->cwd = val;
    } else if (!strcmp(key, "result_offset")) {
      if (parse_u64(val, 10, &j->res_off)) return "bad result_offset";
    } else if (!strcmp(key, "result_size")) {
      if (parse_u64(val, 10, &j->res_size)) return "bad result_size";
      j->has_res_size = 1;
    } else if (!strcmp(key, "boot_timer_addr")) {
      j->has_timer = parse_u64(val, 16, &j->timer_addr) == 0;
    }  // unknown keys are ignored
  }
}

// Reads the job area (64 KiB first, the whole 1 MiB only if needed).
static const char* load_job(int fd, char* buf, struct job* j) {
  static char err[160];
  size_t want = JOB_FIRST_READ;
  for (;;) {
    ssize_t n = pread(fd, buf, want, 0);
    if (n < 0) {
      snprintf(err, sizeof err, "read job: %s", strerror(errno));
      return err;
    }
    const char* e = parse_job(buf, (size_t)n, j);
    if (e != kTruncated || (size_t)n < want || want == JOB_AREA) return e;
    memset(j, 0, sizeof *j);
    j->res_off = DEFAULT_RES_OFF;
    want = JOB_AREA;
  }
}

// Boot timer for Firecracker: write 123 to a physical MMIO address.
static void poke_boot_timer(unsigned long long addr) {
  int fd = open("/dev/mem", O_RDWR | O_SYNC | O_CLOEXEC);
  if (fd < 0) return;
  long pg = sysconf(_SC_PAGESIZE);
  unsigned long long base = addr & ~(unsigned long long)(pg - 1);
  volatile unsigned char* m =
      mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)base);
  if (m != MAP_FAILED) {
    m[addr - base] = 123;
    munmap((void*)m, (size_t)pg);
  }
  close(fd);
}

static unsigned long long device_size(int fd) {
  unsigned long long sz = 0;
  struct stat st;
  if (ioctl(fd, BLKGETSIZE64, &sz) == 0) return sz;
  return fstat(fd, &st) == 0 ? (unsigned long long)st.st_size : 0;
}

// Adds PATH and HOME unless the job sets them (job env first, so it can
// override the defaults) and NULL-terminates argv and env.
static void complete_env(struct job* j) {
  int has_path = 0, has_home = 0;
  for (int i = 0; i < j->envc; i++) {
    has_path |= !strncmp(j->env[i], "PATH=", 5);
    has_home |= !strncmp(j->env[i], "HOME=", 5);
  }
  if (!has_path) j->env[j->envc++] = "PATH=/bin:/sbin:/usr/bin:/usr/sbin";
  if (!has_home) j->env[j->envc++] = "HOME=/work";
  j->env[j->envc] = NULL;
  j->argv[j->argc] = NULL;
}

// Exec stages the child reports through the pipe: {stage, errno}.
enum { STAGE_STDIO = 1, STAGE_CHDIR = 2, STAGE_EXEC = 3 };

// In the forked child: stdio to /dev/null and the output files, cd, exec.
// On failure reports {stage, errno} on the close-on-exec report_fd.
static _Noreturn void exec_payload(const struct job* j, int report_fd) {
  int msg[2] = {0, 0};
  // (O_CLOEXEC: only the dup2'ed copies reach the payload.)
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int o = open(STDOUT_PATH, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int e = open(STDERR_PATH, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in < 0 || o < 0 || e < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
    msg[0] = STAGE_STDIO;
  else if (chdir(j->cwd) < 0)
    msg[0] = STAGE_CHDIR;
  else {
    execve(j->argv[0], j->argv, j->env);
    msg[0] = STAGE_EXEC;
  }
  msg[1] = errno;
  ssize_t w = write(report_fd, msg, sizeof msg);
  (void)w;
  _exit(127);
}

// Reaps children until `pid` ends; returns its wait status.
static int wait_payload(pid_t pid) {
  int st = 0;
  for (;;) {
    pid_t w = waitpid(-1, &st, 0);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
  }
  return st;
}

// Stops the stragglers the payload left behind so its outputs are final.
static void kill_stragglers(void) {
  kill(-1, SIGKILL);
  while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {
  }
}

// The payload's outcome: exec_failed if the child reported a stage (a full
// `msg` was read), else how it ended.
static void set_outcome(const struct job* j, const int msg[2], int got_msg, int st,
                        struct result* r) {
  if (got_msg) {
    const char* what = msg[0] == STAGE_STDIO   ? "redirect stdio"
                       : msg[0] == STAGE_CHDIR ? "chdir"
                                               : "exec";
    const char* arg = msg[0] == STAGE_CHDIR ? j->cwd : msg[0] == STAGE_EXEC ? j->argv[0] : "";
    r->status = "exec_failed";
    snprintf(r->error, sizeof r->error, "%s%s%s: %s", what, *arg ? " " : "", arg, strerror(msg[1]));
  } else if (WIFSIGNALED(st)) {
    r->status = "signaled";
    r->exit_status = -1;
    r->term_signal = WTERMSIG(st);
  } else {
    r->status = "exited";
    r->exit_status = WEXITSTATUS(st);
  }
}

// Forks and execs the payload, reaping every child until it ends.
static void run_payload(struct job* j, struct result* r) {
  complete_env(j);
  int pfd[2];
  if (pipe2(pfd, O_CLOEXEC) < 0) {
    r->status = "agent_error";
    snprintf(r->error, sizeof r->error, "pipe: %s", strerror(errno));
    return;
  }
  marker("payload_start", NULL);
  long long t0 = now_ns(CLOCK_MONOTONIC);
  pid_t pid = fork();
  if (pid == 0) exec_payload(j, pfd[1]);
  close(pfd[1]);
  if (pid < 0) {
    close(pfd[0]);
    r->status = "agent_error";
    snprintf(r->error, sizeof r->error, "fork: %s", strerror(errno));
    marker("payload_end", NULL);
    return;
  }
  r->ran = 1;
  int msg[2] = {0, 0};
  ssize_t n;
  do n = read(pfd[0], msg, sizeof msg);
  while (n < 0 && errno == EINTR);
  close(pfd[0]);

  int st = wait_payload(pid);
  r->payload_ns = now_ns(CLOCK_MONOTONIC) - t0;
  marker("payload_end", NULL);
  kill_stragglers();
  set_outcome(j, msg, n == (ssize_t)sizeof msg, st, r);
}

// Reads up to cap bytes of path; b->full is its total size.
static void read_blob(const char* path, size_t cap, struct blob* b) {
  memset(b, 0, sizeof *b);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) < 0) {
    b->err = errno;
    if (fd >= 0) close(fd);
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    b->err = EISDIR;
    close(fd);
    return;
  }
  size_t want = S_ISREG(st.st_mode) && (size_t)st.st_size < cap ? (size_t)st.st_size : cap;
  b->data = malloc(want + 1);
  if (!b->data) want = 0;
  while (b->len < want) {
    ssize_t n = read(fd, b->data + b->len, want - b->len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    b->len += (size_t)n;
  }
  // Non-regular files (or files that grew): one extra byte tells truncation.
  char c;
  b->full = b->len;
  if (b->len == want && read(fd, &c, 1) == 1)
    b->full = S_ISREG(st.st_mode) && (size_t)st.st_size > b->len ? (size_t)st.st_size : b->len + 1;
  close(fd);
}

// Result writer; with buf == NULL it only counts bytes.
struct wr {
  char* buf;
  size_t len;
};

static void put(struct wr* w, const void* p, size_t n) {
  if (w->buf && n) memcpy(w->buf + w->len, p, n);
  w->len += n;
}

static void rec(struct wr* w, const char* key, const void* val, size_t n) {
  char hdr[64];
  int h = snprintf(hdr, sizeof hdr, "%s %zu\n", key, n);
  put(w, hdr, (size_t)h);
  put(w, val, n);
  put(w, "\n", 1);
}

static void rec_str(struct wr* w, const char* key, const char* s) {
  rec(w, key, s, strlen(s));
}

static void rec_num(struct wr* w, const char* key, long long v) {
  char s[24];
  rec(w, key, s, (size_t)snprintf(s, sizeof s, "%lld", v));
}

// Result files are reported only for a payload that exited or was signaled.
static int reports_files(const struct result* r) {
  return !strcmp(r->status, "exited") || !strcmp(r->status, "signaled");
}

// Emits the result. With all_flags every truncation flag is counted, giving
// an upper bound on the non-data overhead.
static void emit(struct wr* w, const struct job* j, const struct result* r, const struct blob* b,
                 int all_flags) {
  static const char* std_keys[2][2] = {{"stdout", "stdout_truncated"},
                                       {"stderr", "stderr_truncated"}};
  put(w, "FCBRES1\n", 8);
  rec_str(w, "status", r->status);
  rec_num(w, "exit_status", r->exit_status);
  rec_num(w, "term_signal", r->term_signal);
  if (r->ran) {
    rec_num(w, "payload_ns", r->payload_ns);
    for (int i = 0; i < 2; i++) {
      rec(w, std_keys[i][0], b[i].data, b[i].keep);
      if (all_flags || b[i].keep < b[i].full) rec_str(w, std_keys[i][1], "1");
    }
  }
  if (r->error[0]) rec_str(w, "error", r->error);
  int with_files = reports_files(r);
  for (int i = 0; with_files && i < j->nfiles; i++) {
    const struct blob* f = &b[2 + i];
    rec_str(w, "file", j->files[i]);
    if (f->err) {
      rec_str(w, "file_missing", strerror(f->err));
      continue;
    }
    rec(w, "file_data", f->data, f->keep);
    if (all_flags || f->keep < f->full) rec_str(w, "file_truncated", "1");
  }
  put(w, "end 0\n\n", 7);
}

static int digits(size_t v) {
  int d = 1;
  while (v >= 10) v /= 10, d++;
  return d;
}

static int cmp_by_len(const void* a, const void* b) {
  size_t x = (*(struct blob*const*)a)->len, y = (*(struct blob*const*)b)->len;
  return x < y ? -1 : x > y;
}

// Reads stdout and stderr (if the payload ran) into b[0..1] and the result
// files (relative to the job's cwd, if reported) into b[2..].
static void read_outputs(const struct job* j, const struct result* r, size_t cap, struct blob* b) {
  if (r->ran) {
    read_blob(STDOUT_PATH, cap, &b[0]);
    read_blob(STDERR_PATH, cap, &b[1]);
  }
  if (!reports_files(r)) return;
  int cd_err = chdir(j->cwd) == 0 ? 0 : errno;
  for (int i = 0; i < j->nfiles; i++) {
    if (cd_err)
      b[2 + i].err = cd_err;
    else
      read_blob(j->files[i], cap, &b[2 + i]);
  }
}

// Sets each blob's keep so the result fits in cap: the overhead is measured
// with empty data, then a water-fill keeps the smallest items whole and lets
// the big ones share the rest. `order` is scratch space for nb pointers.
static void fit_blobs(const struct job* j, const struct result* r, size_t cap, struct blob* b,
                      struct blob** order, int nb) {
  // Overhead with empty data; lengths printed later have at most digits(len).
  struct wr w = {NULL, 0};
  emit(&w, j, r, b, 1);
  size_t overhead = w.len;
  for (int i = 0; i < nb; i++) overhead += (size_t)digits(b[i].len) - 1;

  size_t budget = cap > overhead ? cap - overhead : 0;
  for (int i = 0; i < nb; i++) order[i] = &b[i];
  qsort(order, (size_t)nb, sizeof *order, cmp_by_len);
  for (int i = 0; i < nb; i++) {
    size_t share = budget / (size_t)(nb - i);
    order[i]->keep = order[i]->len < share ? order[i]->len : share;
    budget -= order[i]->keep;
  }
}

// Writes buf to fd at off and syncs it; 0, or -1 after an agent_error marker.
static int write_synced(int fd, const char* buf, size_t total, unsigned long long off) {
  size_t done = 0;
  while (done < total) {
    ssize_t n = pwrite(fd, buf + done, total - done, (off_t)(off + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      char e[160];
      snprintf(e, sizeof e, "results: write: %s", n < 0 ? strerror(errno) : "short write");
      marker("agent_error", e);
      return -1;
    }
    done += (size_t)n;
  }
  if (fsync(fd) < 0) {
    char e[160];
    snprintf(e, sizeof e, "results: fsync: %s", strerror(errno));
    marker("agent_error", e);
    return -1;
  }
  return 0;
}

// Builds the result blob, fitting it into j->res_size, and writes it to fd.
static void write_results(int fd, const struct job* j, const struct result* r) {
  int nb = 2 + j->nfiles;
  struct blob* b = calloc((size_t)nb, sizeof *b);
  struct blob** order = calloc((size_t)nb, sizeof *order);
  if (!b || !order) {
    marker("agent_error", "results: out of memory");
    return;
  }
  size_t cap = (size_t)j->res_size;
  read_outputs(j, r, cap, b);
  fit_blobs(j, r, cap, b, order, nb);

  struct wr w = {NULL, 0};
  emit(&w, j, r, b, 0);
  if (w.len > cap) {
    marker("agent_error", "results: result_size too small");
    return;
  }
  w.buf = malloc(w.len);
  if (!w.buf) {
    marker("agent_error", "results: out of memory");
    return;
  }
  size_t total = w.len;
  w.len = 0;
  emit(&w, j, r, b, 0);
  if (write_synced(fd, w.buf, total, j->res_off) == 0) marker("results", NULL);
}

int main(void) {
  static struct job j;
  static struct result r;
  static char buf[JOB_AREA];
  char chan[256] = "/dev/vdc";
  const char* err = NULL;
  char errbuf[400];

  j.res_off = DEFAULT_RES_OFF;
  read_chan(chan, sizeof chan);
  int fd = open(chan, O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    snprintf(errbuf, sizeof errbuf, "open channel %s: %s", chan, strerror(errno));
    err = errbuf;
  } else {
    err = load_job(fd, buf, &j);
  }
  if (j.has_timer) poke_boot_timer(j.timer_addr);
  marker("booted", NULL);

  // Fit the result area into the device.
  unsigned long long dev = fd >= 0 ? device_size(fd) : 0;
  if (!j.has_res_size) j.res_size = DEFAULT_RES_SIZE;
  if (fd >= 0 && j.res_off >= dev) {
    if (!err) err = "result_offset beyond the channel device";
    j.res_off = DEFAULT_RES_OFF;
  }
  if (j.res_off < dev && j.res_size > dev - j.res_off) j.res_size = dev - j.res_off;
  if (!err && j.argc == 0) err = "job has no arg record";
  if (!err && j.argv[0][0] != '/') err = "argv[0] must be an absolute path";
  if (!j.cwd) j.cwd = "/work";

  r.status = "agent_error";
  r.exit_status = -1;
  if (err) {
    snprintf(r.error, sizeof r.error, "%s", err);
    marker("agent_error", r.error);
  } else {
    run_payload(&j, &r);
    if (!strcmp(r.status, "agent_error")) marker("agent_error", r.error);
  }
  if (fd >= 0) {
    write_results(fd, &j, &r);
    close(fd);
  }
  reboot_now();
  return 0;
}
