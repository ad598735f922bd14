#include "image/vmlinux.hpp"

#include <elf.h>
#include <lz4.h>

#include <cstdint>
#include <cstring>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace fcbench::image {

namespace {

constexpr uint32_t kLz4LegacyMagic = 0x184C2102;
constexpr size_t kLegacyBlock = 8 << 20;  // decompressed size of a full block
constexpr uint32_t kXenElfnotePhys32Entry = 0x12;

uint32_t le32(std::string_view d, size_t at) {
  uint32_t v;
  std::memcpy(&v, d.data() + at, 4);
  return v;  // x86-64 only: little-endian host
}

template <typename T>
bool read_at(std::string_view d, uint64_t at, T& out) {
  if (at > d.size() || d.size() - at < sizeof(T)) return false;
  std::memcpy(&out, d.data() + at, sizeof(T));
  return true;
}

// True if the notes in d[off, off+size) include Xen/0x12.
bool notes_have_pvh(std::string_view d, uint64_t off, uint64_t size) {
  if (off > d.size() || size > d.size() - off) return false;
  uint64_t p = off, end = off + size;
  auto align4 = [](uint64_t v) { return (v + 3) & ~uint64_t(3); };
  while (end - p >= sizeof(Elf64_Nhdr)) {
    Elf64_Nhdr n;
    read_at(d, p, n);
    uint64_t name = p + sizeof n;
    uint64_t desc = name + align4(n.n_namesz);
    uint64_t next = desc + align4(n.n_descsz);
    if (next > end || next <= p) return false;
    if (n.n_namesz == 4 && std::memcmp(d.data() + name, "Xen", 4) == 0 &&
        n.n_type == kXenElfnotePhys32Entry)
      return true;
    p = next;
  }
  return false;
}

}  // namespace

size_t find_lz4_legacy(std::string_view data, size_t from) {
  static constexpr char magic[] = {'\x02', '\x21', '\x4c', '\x18'};
  return data.find(std::string_view(magic, 4), from);
}

std::string lz4_legacy_decompress(std::string_view d) {
  if (d.size() < 4 || le32(d, 0) != kLz4LegacyMagic)
    throw UserError("not an LZ4 legacy frame (no 02 21 4c 18 magic)");
  const uint32_t max_block = uint32_t(LZ4_compressBound(int(kLegacyBlock)));
  std::string out;
  size_t pos = 4;
  while (d.size() - pos >= 4) {
    uint32_t size = le32(d, pos);
    if (size == kLz4LegacyMagic) {  // a concatenated frame continues
      pos += 4;
      continue;
    }
    if (size == 0 || size > max_block || size > d.size() - pos - 4) break;
    size_t had = out.size();
    out.resize(had + kLegacyBlock);
    int n = LZ4_decompress_safe(d.data() + pos + 4, out.data() + had, int(size), int(kLegacyBlock));
    if (n < 0)
      throw UserError("corrupt LZ4 block at offset " + std::to_string(pos) + " (" +
                      std::to_string(size) + " bytes)");
    out.resize(had + size_t(n));
    pos += 4 + size;
  }
  if (out.empty()) throw UserError("the LZ4 legacy frame holds no block");
  return out;
}

std::string check_pvh_elf(std::string_view d) {
  Elf64_Ehdr eh;
  if (!read_at(d, 0, eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) return "not an ELF file";
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
    return "not a little-endian 64-bit ELF";
  if (eh.e_machine != EM_X86_64)
    return "not an x86-64 ELF (e_machine " + std::to_string(eh.e_machine) + ")";
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    if (eh.e_phentsize < sizeof ph || !read_at(d, eh.e_phoff + uint64_t(i) * eh.e_phentsize, ph))
      break;
    if (ph.p_type == PT_NOTE && notes_have_pvh(d, ph.p_offset, ph.p_filesz)) return "";
  }
  for (unsigned i = 0; i < eh.e_shnum; ++i) {
    Elf64_Shdr sh;
    if (eh.e_shentsize < sizeof sh || !read_at(d, eh.e_shoff + uint64_t(i) * eh.e_shentsize, sh))
      break;
    if (sh.sh_type == SHT_NOTE && notes_have_pvh(d, sh.sh_offset, sh.sh_size)) return "";
  }
  return "no PVH entry note (ELF note \"Xen\" type 0x12); the kernel needs CONFIG_PVH=y";
}

std::string extract_vmlinux(std::string_view bz) {
  // Linux boot protocol >= 2.08: the compressed payload's place is known.
  size_t from = 0, end = bz.size();
  uint32_t hdrs = 0;
  uint16_t proto = 0;
  if (read_at(bz, 0x202, hdrs) && hdrs == 0x53726448 /* "HdrS" */ && read_at(bz, 0x206, proto) &&
      proto >= 0x208) {
    uint8_t setup_sects = uint8_t(bz[0x1f1]);
    uint32_t off = 0, len = 0;
    read_at(bz, 0x248, off);
    read_at(bz, 0x24c, len);
    size_t pm = size_t(setup_sects ? setup_sects : 4) * 512 + 512;
    if (len > 0 && pm + off <= bz.size() && len <= bz.size() - pm - off) {
      from = pm + off;
      end = from + len;
    }
  }
  size_t at = find_lz4_legacy(bz.substr(0, end), from);
  if (at == std::string_view::npos)
    throw UserError(
        "no LZ4 payload found (the kernel is not LZ4-compressed; extract its vmlinux "
        "with the kernel's scripts/extract-vmlinux and set it as the suite's kernel:)");
  std::string elf = lz4_legacy_decompress(bz.substr(at, end - at));
  if (auto why = check_pvh_elf(elf); !why.empty())
    throw UserError("the decompressed payload is unusable: " + why);
  return elf;
}

std::filesystem::path vmlinux_for(const std::filesystem::path& kernel) {
  std::string data = read_file(kernel);
  if (data.compare(0, SELFMAG, ELFMAG) == 0) {
    if (auto why = check_pvh_elf(data); !why.empty())
      throw UserError("guest kernel " + kernel.string() + ": " + why);
    return kernel;
  }
  auto dir = cache_dir() / "vmlinux";
  std::filesystem::create_directories(dir);
  auto out = dir / (sha256_hex(data).substr(0, 32) + ".vmlinux");
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) return out;
  std::string elf;
  try {
    elf = extract_vmlinux(data);
  } catch (const UserError& e) {
    throw UserError("cannot extract an ELF vmlinux from " + kernel.string() + ": " + e.what());
  }
  write_file_atomic(out, elf, 0644);
  return out;
}

}  // namespace fcbench::image
