// Per-instance disks: an ext4 write disk copied from a cached template, and
// a raw job/result channel. Both belong to one instance only.
#pragma once

#include <cstdint>
#include <filesystem>

namespace fcbench::image {

// An empty ext4 image of `size_mib` in the cache, made once per size.
std::filesystem::path work_disk_template(uint32_t size_mib);

// A private (0600) copy of the template at `dst`: a reflink where the file
// system allows it, else a sparse copy.
void make_work_disk(const std::filesystem::path& template_path, const std::filesystem::path& dst);

}  // namespace fcbench::image
