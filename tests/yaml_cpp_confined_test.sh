#!/usr/bin/env bash
# tests/yaml_cpp_confined_test.sh — yaml-cpp stays behind the loader: under sim/, models/ and
# bench/, only models/load/ includes <yaml-cpp/...>; no file outside it includes a models/load/
# header that brings yaml-cpp in (yaml_walk.h and the headers over it) or names YAML::; and only
# lambdasim_load links yaml-cpp in CMakeLists.txt. Every other layer reads YAML and JSON through
# load/'s Document (models/load/document.h). Each offending file is named, with its line.
# Usage (from CTest): bash yaml_cpp_confined_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
# (the binary and TMPDIR are not used; SOURCE_DIR may be any checkout, e.g. to try a branch).
set -euo pipefail
src="${2:?usage: yaml_cpp_confined_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
cd "$src"
problems=0
report() {
  echo "yaml_cpp_confined_test: $*" >&2
  problems=$((problems + 1))
}
code_files() {  # C++ files under sim/ models/ bench/ outside models/load/
  find sim models bench -type f \( -name '*.h' -o -name '*.cc' -o -name '*.hpp' -o -name '*.cpp' \
    -o -name '*.inc' -o -name '*.in' \) -not -path 'models/load/*' | sort
}
include_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]'

# 1. Direct includes of yaml-cpp.
while IFS= read -r hit; do
  report "${hit%%:*}: includes yaml-cpp (only models/load/ may): ${hit#*:}"
done < <(code_files | xargs grep -nE "${include_re}yaml-cpp/" /dev/null || true)

# 2. models/load/ headers that include yaml-cpp, directly or through another load header.
mapfile -t yaml_headers < <(grep -lE "${include_re}yaml-cpp/" models/load/*.h 2>/dev/null || true)
grown=1
while [ "$grown" = 1 ]; do
  grown=0
  for h in models/load/*.h; do
    case " ${yaml_headers[*]-} " in *" $h "*) continue ;; esac
    for y in "${yaml_headers[@]}"; do
      if grep -qE "${include_re}${y//./\\.}\"" "$h"; then
        yaml_headers+=("$h")
        grown=1
        break
      fi
    done
  done
done
for y in "${yaml_headers[@]}"; do
  while IFS= read -r hit; do
    report "${hit%%:*}: includes $y, which brings yaml-cpp in (use models/load/document.h):" \
      "${hit#*:}"
  done < <(code_files | xargs grep -nE "${include_re}${y//./\\.}\"" /dev/null || true)
done

# 3. yaml-cpp's namespace named outside models/load/ (once per file: where first, how often).
while IFS= read -r f; do
  first=$(grep -nE 'YAML::' "$f" | head -1)
  report "$f: names YAML:: $(grep -cE 'YAML::' "$f") time(s) (only models/load/ may)," \
    "first at ${first%%:*}: ${first#*:}"
done < <(code_files | xargs grep -lE 'YAML::' /dev/null || true)

# 4. Only lambdasim_load links yaml-cpp.
while IFS= read -r hit; do
  report "CMakeLists.txt:${hit%%:*}: links yaml-cpp outside lambdasim_load: ${hit#*:}"
done < <(grep -nE '(target_link_libraries|lambdasim_layer)\(.*yaml-cpp' CMakeLists.txt |
  grep -vE '^[0-9]+:[[:space:]]*lambdasim_layer\(lambdasim_load ' || true)

if [ "$problems" -gt 0 ]; then
  echo "yaml_cpp_confined_test: FAIL: $problems place(s) see yaml-cpp outside models/load/" >&2
  exit 1
fi
echo "yaml_cpp_confined_test: ok"
