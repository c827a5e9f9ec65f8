// A small GoogleTest suite covering every outcome, for dande's fixtures.
#include <gtest/gtest.h>

TEST(Calc, Adds) { EXPECT_EQ(1 + 1, 2); }
TEST(Calc, Fails) { EXPECT_EQ(1 + 1, 3) << "arithmetic is broken"; }
TEST(Calc, Skipped) { GTEST_SKIP() << "not on this platform"; }
TEST(Calc, DISABLED_Disabled) { FAIL(); }

class Param : public ::testing::TestWithParam<int> {};
TEST_P(Param, Small) { EXPECT_LT(GetParam(), 3); }
INSTANTIATE_TEST_SUITE_P(Values, Param, ::testing::Values(1, 2, 3));
