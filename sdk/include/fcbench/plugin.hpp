// fcbench plugin SDK: header-only C++ layer over the C ABI in plugin.h.
//
//   struct MyPlugin {
//     static fcbench::sdk::Info info();
//     fcbench::sdk::Job job(const fcbench::sdk::Params& p);
//     std::vector<fcbench::sdk::Metric> parse(const fcbench::sdk::Output& out);
//   };
//   FCBENCH_PLUGIN(MyPlugin)
//
// job() and parse() report bad input by throwing fcbench::sdk::Error (or any
// std::exception); the wrapper turns it into an error string at the boundary.
//
// Plugins include this header alone. It gathers:
//   sdk/types.hpp     what a plugin declares, receives and returns
//   sdk/helpers.hpp   helpers for parsing output (Fields, number_after, ...)
//   sdk/detail/       internals: the adapter filling the C table, member
//                     checks, conversions, exception-to-error handling
#ifndef FCBENCH_PLUGIN_HPP
#define FCBENCH_PLUGIN_HPP

#if __cplusplus <= 201703L
#error "<fcbench/plugin.hpp> needs C++20 (fcbench_add_plugin sets CXX_STANDARD 20)"
#else

#include <fcbench/plugin.h>

#include <fcbench/sdk/detail/adapter.hpp>
#include <fcbench/sdk/helpers.hpp>
#include <fcbench/sdk/types.hpp>

// Exports the plugin entry point for class T. Use once per plugin library.
#define FCBENCH_PLUGIN(T)                                                  \
  extern "C" FCB_EXPORT const fcb_plugin_api* fcbench_plugin_entry(void) { \
    return ::fcbench::sdk::detail::entry<T>();                             \
  }

#endif  // C++20
#endif  // FCBENCH_PLUGIN_HPP
