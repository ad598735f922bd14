#include "run/progress.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "util/clock.hpp"
#include "util/text.hpp"

namespace fcbench::run {

namespace {
constexpr size_t kMaxFailureLines = 20;
}

Progress::Progress(size_t total, size_t done, bool compact)
    : total_(total), done_(done), resumed_(done), compact_(compact), start_(now_ns()) {}

void Progress::record(const results::Record& r) {
  ++done_;
  const bool ok = r.status == results::Status::ok;
  if (!ok) ++not_ok_;
  const int64_t now = now_ns();
  const double elapsed_s = double(now - start_) / 1e9;
  const size_t here = done_ - resumed_;
  const double left_s = here ? elapsed_s / double(here) * double(total_ - done_) : 0;
  const std::string eta =
      done_ < total_
          ? fmt::format("eta {:.0f}m{:02.0f}s", std::floor(left_s / 60), std::fmod(left_s, 60))
          : "";
  if (!compact_) {
    auto e2e = results::span_ms(r.ts.launched, r.ts.exited);
    fmt::print(stderr, "[{:>{}}/{}] {:<40} {:<11} {:>9}  {}\n", done_,
               std::to_string(total_).size(), total_, r.id, to_string(r.status),
               e2e ? fmt::format("{:.2f} s", *e2e / 1000) : "", eta);
  } else if (done_ == total_ || now - last_line_ >= 1'000'000'000) {
    last_line_ = now;
    fmt::print(stderr, "[{}/{}] {} not ok, {:.1f} s  {}\n", done_, total_, not_ok_, elapsed_s, eta);
  }
  if (!ok && (!compact_ || not_ok_ <= kMaxFailureLines))
    fmt::print(stderr, "      {}: {}\n", r.id, indent_continuation(r.error, "        "));
  if (r.pinning.is_object())
    for (auto& w : r.pinning["warnings"])
      fmt::print(stderr, "      warning: {}\n", w.get<std::string>());
}

}  // namespace fcbench::run
