// A small Catch2 (v2) suite covering every outcome, for dande's fixtures.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

TEST_CASE("adds", "[calc]") { REQUIRE(1 + 1 == 2); }
TEST_CASE("fails", "[calc]") { CHECK(1 + 1 == 3); }
TEST_CASE("throws", "[calc]") { throw std::runtime_error("unexpected"); }
TEST_CASE("sections", "[calc]") {
	SECTION("first") { REQUIRE(true); }
	SECTION("second") { REQUIRE(2 > 1); }
}
