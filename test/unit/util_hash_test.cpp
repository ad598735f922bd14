// util/hash: SHA-256 of strings and files.
#include <catch2/catch.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

using fcbench::test::TempDir;

TEST_CASE("sha256: known vectors", "[unit][util]") {
  CHECK(fcbench::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(fcbench::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(fcbench::Sha256().add("a").add("").add("bc").hex() == fcbench::sha256_hex("abc"));
}

TEST_CASE("sha256: add_file hashes the file's bytes", "[unit][util]") {
  TempDir tmp;
  fcbench::write_file(tmp / "f", std::string("abc"));
  CHECK(fcbench::Sha256().add_file(tmp / "f").hex() == fcbench::sha256_hex("abc"));
  CHECK_THROWS_AS(fcbench::Sha256().add_file(tmp / "absent"), fcbench::UserError);
}
