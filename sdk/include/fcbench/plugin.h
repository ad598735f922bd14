/* fcbench plugin ABI: a plain C, versioned, append-only interface.
 *
 * A plugin is a shared object that exports one symbol, FCB_ENTRY_SYMBOL, a
 * function returning a pointer to a static fcb_plugin_api table. Rules:
 *  - fields are only ever appended; a minor bump adds fields at the end;
 *  - every pointer the plugin returns stays owned by the plugin and is valid
 *    until the next call on the same state (or forever for static data);
 *  - no C++ exception crosses this boundary: failures return non-zero and
 *    leave a message in last_error().
 * Most plugins use the C++ wrapper in <fcbench/plugin.hpp> instead. */
#ifndef FCBENCH_PLUGIN_H
#define FCBENCH_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FCB_ABI_MAJOR 1
#define FCB_ABI_MINOR 0
#define FCB_ENTRY_SYMBOL "fcbench_plugin_entry"

#if defined(__GNUC__)
#define FCB_EXPORT __attribute__((visibility("default")))
#else
#define FCB_EXPORT
#endif

typedef enum fcb_param_type {
  FCB_PARAM_INT = 1,    /* decimal integer, 64-bit signed */
  FCB_PARAM_FLOAT = 2,  /* decimal floating point */
  FCB_PARAM_STRING = 3, /* free text */
  FCB_PARAM_BOOL = 4    /* "true" or "false" */
} fcb_param_type;

typedef struct fcb_param_def {
  const char* name;
  fcb_param_type type;
  const char* default_value; /* canonical text form; never NULL */
  const char* doc;
} fcb_param_def;

typedef enum fcb_file_kind {
  /* A file shipped with the plugin; source is relative to the directory
   * holding the plugin library (or absolute). */
  FCB_FILE_PLUGIN = 1,
  /* A host executable (absolute path or a name looked up in PATH); its
   * shared-library closure is installed with it. */
  FCB_FILE_HOST_BINARY = 2
} fcb_file_kind;

typedef struct fcb_payload_file {
  fcb_file_kind kind;
  const char* source;
  const char* guest_path; /* absolute path inside the guest rootfs */
} fcb_payload_file;

/* A parameter value in canonical text form (see fcb_param_type). */
typedef struct fcb_kv {
  const char* name;
  const char* value;
} fcb_kv;

typedef struct fcb_requirements {
  uint32_t min_vcpus;
  uint32_t min_mem_mib;
  uint32_t write_disk_mib; /* size of the instance's write disk */
} fcb_requirements;

/* What the guest runs for one instance. */
typedef struct fcb_job {
  const char* const* argv; /* argv[0] is an absolute guest path */
  size_t argc;
  /* Files (relative to the working directory, the write disk) that the guest
   * agent sends back to the host after the payload ends. */
  const char* const* result_files;
  size_t n_result_files;
  fcb_requirements requirements;
} fcb_job;

typedef enum fcb_better { FCB_HIGHER_IS_BETTER = 1, FCB_LOWER_IS_BETTER = 2 } fcb_better;

typedef struct fcb_metric {
  const char* name;
  double value;
  const char* unit;
  fcb_better better;
} fcb_metric;

typedef struct fcb_result_file {
  const char* path;
  const char* data;
  size_t size;
} fcb_result_file;

/* Everything the guest returned, plus the host's timings. */
typedef struct fcb_output {
  const fcb_kv* params;
  size_t n_params;
  const char* stdout_data;
  size_t stdout_size;
  const char* stderr_data;
  size_t stderr_size;
  int exit_status; /* payload exit code, or -1 if killed by a signal */
  int term_signal; /* signal that ended the payload, or 0 */
  const fcb_result_file* files;
  size_t n_files;
  int64_t guest_payload_ns;   /* payload run time on the guest monotonic clock */
  int64_t time_to_payload_ns; /* host: VMM launch to payload-start marker */
} fcb_output;

typedef struct fcb_plugin_api {
  /* v1.0 — these three fields never move. */
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t struct_size; /* sizeof(fcb_plugin_api) as the plugin saw it */

  /* Each slot's one-line contract says:
   *  - Required (fcbench refuses a table where the slot is NULL) or Optional;
   *  - who owns what it returns, always the plugin: "static" data stays valid
   *    while the library is loaded, "state-owned" data until the next call on
   *    that state or destroy(); what the host passes in is valid for the call;
   *  - "any thread": may run concurrently with any call; "per state": never
   *    concurrent with another call on the same state, while calls on
   *    different states may run concurrently. */

  /* Required; any thread; returns a static, non-empty name (as suites write it). */
  const char* (*name)(void);
  /* Required; any thread; returns a static version string. */
  const char* (*version)(void);
  /* Required; any thread; returns a static one-line description. */
  const char* (*description)(void);
  /* Required; any thread; returns a static array, its length in *n. */
  const fcb_param_def* (*params)(size_t* n);
  /* Required; any thread; returns a static array, its length in *n. */
  const fcb_payload_file* (*payload_files)(size_t* n);

  /* Required; any thread; returns a new state, the host's until destroy(), or NULL. */
  void* (*create)(void);
  /* Required; per state, the last call on it; frees the state and all it returned. */
  void (*destroy)(void* state);
  /* Required; per state; returns the last failure's message, state-owned. */
  const char* (*last_error)(void* state);

  /* Build the job for one parameter set (all params present, canonical
   * form). Returns 0, or non-zero with last_error() set.
   * Required; per state; the pointers it puts in *out are state-owned. */
  int (*describe_job)(void* state, const fcb_kv* params, size_t n_params, fcb_job* out);
  /* Turn guest output into metrics. Returns 0, or non-zero with
   * last_error() saying why the output does not parse or is wrong.
   * Required; per state; *metrics is a state-owned array of *n_metrics. */
  int (*parse)(void* state, const fcb_output* output, const fcb_metric** metrics,
               size_t* n_metrics);
} fcb_plugin_api;

typedef const fcb_plugin_api* (*fcb_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* FCBENCH_PLUGIN_H */
