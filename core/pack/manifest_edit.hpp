// Editing pack.yaml as text, so that what its author wrote (comments, key
// order, list style) stays as it was: `fcbench plugin new` adds a plugin to
// an existing pack with these. Pure functions, no I/O.
#pragma once

#include <filesystem>
#include <string>

namespace fcbench::pack {

// `text` with `item` appended to the list under the top-level `key`: a flow
// list [a, b] becomes [a, b, item]; a block list gains a "- item" line
// indented like its last item; a key with no value gets " [item]"; a missing
// key is appended as "key: [item]". `text` must be a YAML mapping. Returns
// `text` unchanged when the value is no list it can extend; the caller
// re-validates the result.
std::string append_list_item(const std::string& text, const std::string& key,
                             const std::string& item);

// pack.yaml `text` (read from `file`, for errors) with plugin `name` added to
// `plugins` and, unless empty, `suite` to `suites`. Throws UserError (exit 2)
// when `name` is already listed, ConfigError with the original's error when
// `text` was invalid and the edit does not make it valid (e.g. bad YAML),
// and UserError (exit 2) when the edited text would not validate or would
// not list exactly what was added.
std::string add_plugin_to_manifest(const std::string& text, const std::filesystem::path& file,
                                   const std::string& name, const std::string& suite);

}  // namespace fcbench::pack
