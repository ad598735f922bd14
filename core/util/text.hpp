// Small text layout helpers for terminal output.
#pragma once

#include <string>
#include <string_view>

namespace fcbench {

// `text` with trailing newlines dropped and every line after the first
// prefixed by `indent`, so a multi-line message stays inside its block.
std::string indent_continuation(std::string_view text, std::string_view indent);

}  // namespace fcbench
