// fcbench plugin SDK internals: compile-time checks of a plugin class's members.
#ifndef FCBENCH_SDK_DETAIL_CHECKS_HPP
#define FCBENCH_SDK_DETAIL_CHECKS_HPP

#include <concepts>
#include <fcbench/sdk/types.hpp>
#include <type_traits>
#include <vector>

namespace fcbench::sdk::detail {

// One concept per member the adapter calls, as documented in plugin.hpp.
template <class T>
concept HasInfo = requires {
  { T::info() } -> std::convertible_to<Info>;
};
template <class T>
concept HasJob = requires(T& t, const Params& p) {
  { t.job(p) } -> std::convertible_to<Job>;
};
template <class T>
concept HasParse = requires(T& t, const Output& o) {
  { t.parse(o) } -> std::convertible_to<std::vector<Metric>>;
};
template <class T>
concept Fresh = std::is_default_constructible_v<T> && std::is_destructible_v<T>;

// True for a valid plugin class; otherwise fails with a message per missing
// member, so that FCBENCH_PLUGIN(T) reports them instead of template errors.
template <class T>
constexpr bool check_plugin() {
  static_assert(Fresh<T>,
                "FCBENCH_PLUGIN(T): T needs a public default constructor and destructor "
                "(a fresh T serves each job() and parse() call)");
  static_assert(HasInfo<T>, "FCBENCH_PLUGIN(T): T needs `static fcbench::sdk::Info info()`");
  static_assert(HasJob<T>,
                "FCBENCH_PLUGIN(T): T needs a public member "
                "`fcbench::sdk::Job job(const fcbench::sdk::Params&)`");
  static_assert(HasParse<T>,
                "FCBENCH_PLUGIN(T): T needs a public member "
                "`std::vector<fcbench::sdk::Metric> parse(const fcbench::sdk::Output&)`");
  return Fresh<T> && HasInfo<T> && HasJob<T> && HasParse<T>;
}

}  // namespace fcbench::sdk::detail

#endif  // FCBENCH_SDK_DETAIL_CHECKS_HPP
