// The ELF vmlinux for VMMs that boot only ELF kernels (Firecracker up to
// 1.16 on x86_64), taken out of a bzImage whose payload is LZ4-compressed
// (Debian's cloud kernel), checked for a PVH entry note, and cached.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace fcbench::image {

// Offset of the first LZ4 legacy-frame magic (bytes 02 21 4c 18) at or
// after `from`, or npos.
size_t find_lz4_legacy(std::string_view data, size_t from = 0);

// Decompresses the LZ4 legacy frame at data[0] (magic included): blocks, each
// a 4-byte little-endian compressed size and at most 8 MiB once
// decompressed, up to the end of `data` or the first size that is not a
// valid block (the kernel appends its decompressed size there). Throws
// UserError on a corrupt block.
std::string lz4_legacy_decompress(std::string_view data);

// Empty if `elf` is an x86-64 ELF64 image with a PVH entry note (ELF note
// named "Xen" of type 0x12, XEN_ELFNOTE_PHYS32_ENTRY) in a PT_NOTE segment
// or SHT_NOTE section; otherwise what is wrong.
std::string check_pvh_elf(std::string_view elf);

// The vmlinux inside `bzimage` (bounded by the boot header's payload
// fields when present, else the whole file). Throws UserError.
std::string extract_vmlinux(std::string_view bzimage);

// An ELF kernel for `kernel`: the file itself if it already is a PVH ELF,
// else the vmlinux extracted into <cache>/vmlinux/, keyed by the content
// hash of `kernel`. Throws UserError naming the problem.
std::filesystem::path vmlinux_for(const std::filesystem::path& kernel);

}  // namespace fcbench::image
