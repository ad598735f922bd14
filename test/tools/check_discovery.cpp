// A ctest entry that cannot be forgotten: every Catch test case of each test
// binary must have exactly one ctest entry of its own, set up to fail when its
// filter matches nothing and to report a skip as skipped; and every name in
// the allowed-skips list must still be a ctest entry.
//
//   check_discovery CTEST BUILD_DIR SKIP_RETURN_CODE ALLOWED_SKIPS
//                   PREFIX=BINARY [PREFIX=BINARY...]
//
// It compares `BINARY --list-test-names-only` with the entries of
// `CTEST --test-dir BUILD_DIR --show-only=json-v1` whose command runs BINARY.
// A test name that catch_discover_tests cannot pass through (e.g. an
// unmatched '[', which once merged 8 test cases into one entry that ran
// nothing) shows up here as a count or name mismatch.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

int failures = 0;

void fail(const std::string& what) {
  std::cout << "FAIL: " << what << "\n";
  ++failures;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// stdout of a shell command; the exit status goes to `status`.
std::string output_of(const std::string& cmd, int& status) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  for (size_t n; (n = ::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  status = ::pclose(p);
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> v;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) v.push_back(l);
  return v;
}

std::string canonical(const std::string& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  return ec ? p : c.string();
}

std::string property(const json& test, const std::string& name) {
  for (auto& p : test.value("properties", json::array()))
    if (p.value("name", "") == name)
      return p["value"].is_string() ? p["value"].get<std::string>() : p["value"].dump();
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: check_discovery CTEST BUILD_DIR SKIP_RETURN_CODE ALLOWED_SKIPS "
                 "PREFIX=BINARY...\n";
    return 2;
  }
  const std::string ctest = argv[1], build_dir = fs::absolute(argv[2]).string(),
                    skip_code = argv[3], allowed_skips = argv[4];

  // ctest -N rewrites <test dir>/Testing/Temporary/LastTest.log, which the
  // ctest running this check is writing (and .ci/run reads the skip reasons
  // from). So list from a scratch directory that only includes the build's.
  char scratch_tmpl[] = "/tmp/fcbench-check-discovery-XXXXXX";
  if (!::mkdtemp(scratch_tmpl)) {
    fail("mkdtemp failed");
    return 1;
  }
  const fs::path scratch = scratch_tmpl;
  std::ofstream(scratch / "CTestTestfile.cmake") << "subdirs([==[" << build_dir << "]==])\n";
  int status = 0;
  std::string listing = output_of(
      quote(ctest) + " --test-dir " + quote(scratch.string()) + " --show-only=json-v1", status);
  std::error_code ec;
  fs::remove_all(scratch, ec);
  if (status != 0) {
    fail("ctest --show-only=json-v1 failed with status " + std::to_string(status));
    return 1;
  }
  json all = json::parse(listing, nullptr, false);
  if (all.is_discarded() || !all.contains("tests")) {
    fail("ctest --show-only=json-v1 printed no test list");
    return 1;
  }
  std::set<std::string> entry_names;
  for (auto& t : all["tests"]) entry_names.insert(t.value("name", ""));

  for (int i = 5; i < argc; ++i) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    if (eq == std::string::npos) {
      fail("argument '" + arg + "' is not PREFIX=BINARY");
      continue;
    }
    const std::string prefix = arg.substr(0, eq), binary = arg.substr(eq + 1);
    const std::string bin_name = fs::path(binary).filename().string();

    // What the binary has. Catch exits with the number of test cases listed.
    std::multiset<std::string> cases;
    for (auto& l : lines(output_of(quote(binary) + " --list-test-names-only", status))) {
      // Catch quotes names that start with '#'.
      if (l.size() > 1 && l.front() == '"' && l.back() == '"' && l[1] == '#')
        l = l.substr(1, l.size() - 2);
      cases.insert(l);
    }
    if (cases.empty()) fail(bin_name + " --list-test-names-only listed no test cases");
    for (const auto& c : cases)  // ctest passes the name to Catch, which reads it as an option
      if (!c.empty() && c.front() == '-')
        fail(bin_name + ": test case '" + c + "' starts with '-': Catch takes it for an option");

    // What ctest has for it.
    std::multiset<std::string> entries;
    for (auto& t : all["tests"]) {
      auto cmd = t.value("command", json::array());
      if (cmd.empty() || canonical(cmd[0].get<std::string>()) != canonical(binary)) continue;
      const std::string name = t.value("name", "");
      if (name.rfind(prefix, 0) != 0) {
        fail(bin_name + ": ctest entry '" + name + "' does not start with '" + prefix + "'");
        continue;
      }
      entries.insert(name.substr(prefix.size()));
      std::vector<std::string> args;
      for (auto& a : cmd) args.push_back(a.get<std::string>());
      bool warn_no_tests = false;
      for (size_t k = 0; k + 1 < args.size(); ++k)
        warn_no_tests |= args[k] == "--warn" && args[k + 1] == "NoTests";
      if (!warn_no_tests)
        fail("'" + name + "' runs without --warn NoTests: a filter that matches nothing passes");
      if (property(t, "SKIP_RETURN_CODE") != skip_code)
        fail("'" + name + "' has SKIP_RETURN_CODE '" + property(t, "SKIP_RETURN_CODE") + "', not " +
             skip_code + ": its skips would be reported as failures");
    }

    std::cout << bin_name << ": " << cases.size() << " test case(s), " << entries.size()
              << " ctest entr" << (entries.size() == 1 ? "y" : "ies") << "\n";
    if (cases.size() != entries.size())
      fail(bin_name + ": " + std::to_string(cases.size()) + " test case(s) but " +
           std::to_string(entries.size()) + " ctest entries");
    int shown = 0;  // name by name, but not hundreds of them
    for (auto& c : cases)
      if (entries.count(c) != cases.count(c) && ++shown <= 10)
        fail(bin_name + ": test case '" + c + "' has " + std::to_string(entries.count(c)) +
             " ctest entries (a '[', ']', ',' or ';' in the name? see docs/testing.md)");
    for (auto& e : entries)
      if (!cases.count(e) && ++shown <= 20)
        fail(bin_name + ": ctest entry '" + prefix + e + "' is no test case");
    if (shown > 20) std::cout << "(" << shown - 20 << " more name mismatch(es) not shown)\n";
  }

  // The allow-list must name tests that exist, or it rots.
  std::ifstream in(allowed_skips);
  if (!in) fail("cannot read " + allowed_skips);
  size_t n_allowed = 0;
  for (std::string l; std::getline(in, l);) {
    if (l.empty() || l[0] == '#') continue;
    auto bar = l.find(" | ");
    std::string name = l.substr(0, bar);
    std::string why = bar == std::string::npos ? "" : l.substr(bar + 3);
    ++n_allowed;
    if (why.find_first_not_of(' ') == std::string::npos)
      fail(allowed_skips + ": '" + name + "' gives no reason (format: NAME | WHY)");
    if (!entry_names.count(name)) fail(allowed_skips + ": '" + name + "' is no ctest entry");
  }
  std::cout << allowed_skips << ": " << n_allowed << " allowed skip(s)\n";

  if (failures) {
    std::cout << failures << " problem(s)\n";
    return 1;
  }
  std::cout << "every test case has its own ctest entry\n";
  return 0;
}
