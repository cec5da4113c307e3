# tests/regression/lib.sh — the preamble every tests/regression/*_test.sh shares. Source it
# first, with the script's arguments:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
# It sets strict mode, reads the CTest arguments (LAMBDASIM_BINARY SOURCE_DIR TMPDIR) into
# $bin, $src and $tmp, defines fail() (prints "<test>: FAIL: ..." and exits 1), and empties
# $tmp. Invariant: $tmp exists and is empty when the test body starts.
set -euo pipefail
test_name="$(basename "$0" .sh)"
bin="${1:?usage: $test_name.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?usage: $test_name.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
tmp="${3:?usage: $test_name.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
fail() {
  echo "$test_name: FAIL: $*" >&2
  exit 1
}
rm -rf "$tmp"
mkdir -p "$tmp"
