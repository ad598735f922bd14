// Extracting the ELF vmlinux Firecracker boots from an LZ4 bzImage: crafted
// inputs, and the real cached Debian kernel when ./setup.sh fetched it.
#include <elf.h>
#include <lz4.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "../fixtures/test_support.hpp"
#include "image/kernel.hpp"
#include "image/vmlinux.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using namespace fcbench::image;
using fcbench::UserError;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;

namespace {

template <typename T>
void put(std::string& s, size_t at, const T& v) {
  if (s.size() < at + sizeof v) s.resize(at + sizeof v);
  std::memcpy(s.data() + at, &v, sizeof v);
}

std::string note(const char* name, uint32_t type, const std::string& desc) {
  std::string n;
  Elf64_Nhdr h{uint32_t(std::strlen(name) + 1), uint32_t(desc.size()), type};
  put(n, 0, h);
  n.append(name, h.n_namesz);
  n.resize((n.size() + 3) & ~size_t(3));
  n += desc;
  n.resize((n.size() + 3) & ~size_t(3));
  return n;
}

enum class NoteIn { segment, section, none };

// A minimal x86-64 ELF64 with a GNU note and (optionally) the PVH note,
// padded to `size` bytes.
std::string make_elf(NoteIn where, size_t size = 4096, uint32_t pvh_type = 0x12) {
  std::string notes = note("GNU", 3, "abcd");
  if (where != NoteIn::none) notes += note("Xen", pvh_type, std::string(8, '\x01'));
  std::string e;
  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = EM_X86_64;
  eh.e_version = EV_CURRENT;
  eh.e_ehsize = sizeof eh;
  const uint64_t notes_at = 512;
  if (where == NoteIn::section) {
    eh.e_shoff = 256;
    eh.e_shentsize = sizeof(Elf64_Shdr);
    eh.e_shnum = 2;
    Elf64_Shdr null{}, sh{};
    sh.sh_type = SHT_NOTE;
    sh.sh_offset = notes_at;
    sh.sh_size = notes.size();
    put(e, 256, null);
    put(e, 256 + sizeof sh, sh);
  } else {
    eh.e_phoff = sizeof eh;
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = 2;
    Elf64_Phdr load{}, ph{};
    load.p_type = PT_LOAD;
    ph.p_type = PT_NOTE;
    ph.p_offset = notes_at;
    ph.p_filesz = notes.size();
    put(e, sizeof eh, load);
    put(e, sizeof eh + sizeof ph, ph);
  }
  put(e, 0, eh);
  e.resize(notes_at);
  e += notes;
  e.resize(std::max(size, e.size()), '\0');
  for (size_t i = notes_at + notes.size(); i < e.size(); i += 4093) e[i] = char(i);  // not all zero
  return e;
}

// An LZ4 legacy frame: magic, then 8 MiB blocks each prefixed by its
// compressed size.
std::string lz4_legacy(const std::string& data) {
  std::string out;
  put(out, 0, uint32_t(0x184C2102));
  const size_t block = 8 << 20;
  for (size_t at = 0; at < data.size(); at += block) {
    size_t n = std::min(block, data.size() - at);
    std::string c(size_t(LZ4_compressBound(int(n))), '\0');
    int got = LZ4_compress_default(data.data() + at, c.data(), int(n), int(c.size()));
    REQUIRE(got > 0);
    put(out, out.size(), uint32_t(got));
    out.append(c.data(), size_t(got));
  }
  return out;
}

// What the kernel build appends after the payload: the decompressed size.
std::string size_le(size_t n) {
  std::string s;
  put(s, 0, uint32_t(n));
  return s;
}

}  // namespace

TEST_CASE("vmlinux: the PVH note is found in a PT_NOTE segment or an SHT_NOTE section",
          "[unit][firecracker]") {
  CHECK(check_pvh_elf(make_elf(NoteIn::segment)).empty());
  CHECK(check_pvh_elf(make_elf(NoteIn::section)).empty());
  CHECK_THAT(check_pvh_elf(make_elf(NoteIn::none)), Catch::Contains("no PVH entry note"));
  CHECK_THAT(check_pvh_elf(make_elf(NoteIn::segment, 4096, 0x11)), Catch::Contains("CONFIG_PVH=y"));
}

TEST_CASE("vmlinux: non-ELF and foreign ELF files are named as such", "[unit][firecracker]") {
  CHECK(check_pvh_elf("MZ not an elf") == "not an ELF file");
  CHECK(check_pvh_elf("") == "not an ELF file");
  std::string e = make_elf(NoteIn::segment);
  std::string e32 = e;
  e32[EI_CLASS] = ELFCLASS32;
  CHECK(check_pvh_elf(e32) == "not a little-endian 64-bit ELF");
  std::string arm = e;
  uint16_t m = EM_AARCH64;
  put(arm, offsetof(Elf64_Ehdr, e_machine), m);
  CHECK_THAT(check_pvh_elf(arm), Catch::StartsWith("not an x86-64 ELF"));
  // Headers pointing past the end are not trusted.
  std::string cut = e.substr(0, 200);
  CHECK_FALSE(check_pvh_elf(cut).empty());
}

TEST_CASE("vmlinux: an LZ4 legacy frame of several blocks decompresses exactly",
          "[unit][firecracker]") {
  std::string elf = make_elf(NoteIn::segment, (8 << 20) + 12345);  // two blocks
  std::string frame = lz4_legacy(elf);
  CHECK(lz4_legacy_decompress(frame) == elf);
  // The kernel's appended size and trailing bytes end the frame.
  CHECK(lz4_legacy_decompress(frame + size_le(elf.size()) + "trailing junk") == elf);
}

TEST_CASE("vmlinux: corrupt or missing LZ4 data is an error", "[unit][firecracker]") {
  CHECK_THROWS_WITH(lz4_legacy_decompress("nope"), Catch::Contains("02 21 4c 18"));
  std::string frame = lz4_legacy(make_elf(NoteIn::segment));
  CHECK_THROWS_WITH(lz4_legacy_decompress(frame.substr(0, 4)), Catch::Contains("no block"));
  std::string bad = frame;
  for (size_t i = 8; i < bad.size(); ++i) bad[i] = '\xff';
  CHECK_THROWS_WITH(lz4_legacy_decompress(bad), Catch::Contains("corrupt LZ4 block"));
}

TEST_CASE("vmlinux: extracted from a bzImage-like file by the first LZ4 magic",
          "[unit][firecracker]") {
  std::string elf = make_elf(NoteIn::segment, 100000);
  std::string bz = std::string(3000, 'S') + lz4_legacy(elf) + size_le(elf.size()) + "tail";
  CHECK(find_lz4_legacy(bz) == 3000);
  CHECK(extract_vmlinux(bz) == elf);
  CHECK_THROWS_WITH(extract_vmlinux(std::string(5000, 'x')), Catch::Contains("no LZ4 payload"));
  std::string nopvh = make_elf(NoteIn::none);
  CHECK_THROWS_WITH(extract_vmlinux("hdr" + lz4_legacy(nopvh)), Catch::Contains("PVH"));
}

TEST_CASE("vmlinux: the boot header's payload fields bound the search", "[unit][firecracker]") {
  std::string elf = make_elf(NoteIn::section, 50000);
  std::string payload = lz4_legacy(elf) + size_le(elf.size());
  std::string bz(4096, '\0');
  bz[0x1f1] = 3;  // setup_sects: protected-mode code at (3 + 1) * 512
  put(bz, 0x202, uint32_t(0x53726448));
  put(bz, 0x206, uint16_t(0x020f));
  put(bz, 0x248, uint32_t(100));  // payload_offset
  put(bz, 0x24c, uint32_t(payload.size()));
  // A decoy magic in the setup code, before the payload.
  bz.replace(1000, 8, std::string("\x02\x21\x4c\x18\x05\x00\x00\x00", 8));
  bz.resize(4 * 512 + 100);
  bz += payload + std::string(64, 'z');
  CHECK(extract_vmlinux(bz) == elf);
}

TEST_CASE("vmlinux: cached by the kernel's content hash, and an ELF kernel is used as is",
          "[unit][firecracker]") {
  TempDir t;
  ScopedEnv cache("FCBENCH_CACHE", (t / "cache").c_str());
  std::string elf = make_elf(NoteIn::segment, 20000);
  fcbench::write_file(t / "bzImage", "boot" + lz4_legacy(elf));
  auto out = vmlinux_for(t / "bzImage");
  CHECK(out.parent_path() == t / "cache" / "vmlinux");
  CHECK(fcbench::read_file(out) == elf);
  CHECK(vmlinux_for(t / "bzImage") == out);  // cached
  fcbench::write_file(t / "vmlinux", elf);
  CHECK(vmlinux_for(t / "vmlinux") == t / "vmlinux");
  fcbench::write_file(t / "bad-elf", make_elf(NoteIn::none));
  CHECK_THROWS_WITH(vmlinux_for(t / "bad-elf"), Catch::Contains("no PVH entry note"));
  fcbench::write_file(t / "gzip-kernel", "boot\x1f\x8b compressed otherwise");
  CHECK_THROWS_WITH(
      vmlinux_for(t / "gzip-kernel"),
      Catch::Contains("cannot extract an ELF vmlinux") && Catch::Contains("no LZ4 payload"));
}

TEST_CASE("vmlinux: the real Debian cloud kernel yields a PVH ELF", "[unit][firecracker]") {
  fcbench::image::Kernel k;
  try {
    k = find_kernel();
  } catch (const UserError&) {
    FCBENCH_SKIP("no cached guest kernel (./setup.sh fetches it)");
  }
  TempDir t;
  ScopedEnv cache("FCBENCH_CACHE", (t / "cache").c_str());
  auto out = vmlinux_for(k.image);
  std::string elf = fcbench::read_file(out);
  CHECK(elf.size() > 10'000'000);
  CHECK(check_pvh_elf(elf).empty());
}
