#include "run/serial.hpp"

namespace fcbench::run {

void SerialMonitor::feed(std::string_view chunk, int64_t now) {
  for (char c : chunk) {
    if (c == '\n') {
      line(partial_, now);
      partial_.clear();
    } else if (c != '\r' && partial_.size() < 4096) {
      partial_ += c;
    }
  }
}

int64_t SerialMonitor::at(const std::string& marker) const {
  auto it = markers_.find(marker);
  return it == markers_.end() ? 0 : it->second;
}

void SerialMonitor::line(std::string_view l, int64_t now) {
  static constexpr std::string_view open = "@@FCBENCH:";
  if (auto p = l.find(open); p != std::string_view::npos) {
    auto rest = l.substr(p + open.size());
    auto close = rest.find("@@");
    if (close != std::string_view::npos) {
      std::string name(rest.substr(0, close));
      markers_.emplace(name, now);
      if (name == "agent_error" && agent_error.empty()) {
        auto text = rest.substr(close + 2);
        while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
        agent_error = text.empty() ? "guest agent reported an error" : std::string(text);
      }
    }
  }
  if (panic.empty() && l.find("Kernel panic") != std::string_view::npos) panic = l;
  if (poweroff.empty() && (l.find("reboot: Power down") != std::string_view::npos ||
                           l.find("reboot: System halted") != std::string_view::npos))
    poweroff = l;
}

}  // namespace fcbench::run
