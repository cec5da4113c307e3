// Unit tests for sim/text.h: the blank-trimming rule every parser shares.
#include "sim/text.h"

#include <gtest/gtest.h>

#include <string_view>

namespace sim {
namespace {

// Constant-evaluated: TrimBlanks is usable at compile time.
static_assert(TrimBlanks(" \ta b\t ") == "a b");

TEST(SimTrimBlanks, StripsSpacesAndTabsAtBothEndsOnly) {
  EXPECT_EQ(TrimBlanks("  250ms\t"), "250ms");
  EXPECT_EQ(TrimBlanks("a  b"), "a  b");  // inner blanks stay
  EXPECT_EQ(TrimBlanks(" \t \t"), "");
  EXPECT_EQ(TrimBlanks(""), "");
  EXPECT_EQ(TrimBlanks(std::string_view{}), "");  // null data
  EXPECT_EQ(TrimBlanks("\nx\r"), "\nx\r");        // newlines and CR are content, not blanks
}

}  // namespace
}  // namespace sim
