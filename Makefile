# lambdasim — two commands do everything on a fresh Debian 12 machine:
#   make run    install missing packages, build Release in build/, run scenarios/quickstart.yaml
#   make test   same set-up, then the whole test suite (Release, then ASan+UBSan) through ctest
# Every step is a quick no-op when already done.

SHELL := /bin/bash
JOBS  ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 15

# Debian packages the build and the tests need.
PACKAGES := cmake make g++ pkg-config libeigen3-dev libcli11-dev libfmt-dev libyaml-cpp-dev \
            libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev chromium \
            openmpi-bin libopenmpi-dev jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib clang-14 libfuzzer-14-dev \
            clang-tidy-14 clang-format-14 cppcheck python3-jsonschema python3-yaml

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build build-asan build-fuzz fuzz-smoke bench format format-check lint tidy cppcheck clean fingerprints

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN_BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DLAMBDASIM_SANITIZE=ON -DLAMBDASIM_BENCH=OFF

build-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# libFuzzer targets (tests/fuzz/): clang-14, -fsanitize=fuzzer,address,undefined, own build dir.
$(FUZZ_BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 -DLAMBDASIM_FUZZ=ON

build-fuzz: deps $(FUZZ_BUILD)/CMakeCache.txt
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

# About a minute: FUZZ_SECONDS per target, seeded from scenarios/ and tests/fuzz/corpus/.
fuzz-smoke: build-fuzz
	bash tests/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

run: build
	./$(BUILD)/lambdasim run scenarios/quickstart.yaml

# LAMBDASIM_OTHER_BINARY: the other build's lambdasim, for tests/determinism_test.sh (-O2 vs -O0).
test: format-check build build-asan
	cd $(BUILD) && LAMBDASIM_OTHER_BINARY=$(CURDIR)/$(ASAN_BUILD)/lambdasim ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && LAMBDASIM_OTHER_BINARY=$(CURDIR)/$(BUILD)/lambdasim ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -LE slow
	$(MAKE) fuzz-smoke
	$(MAKE) tidy cppcheck

# Rewrites tests/fingerprints.txt (event fingerprints of scenarios/*.yaml) after a deliberate
# change to the model's event stream; commit it with the change.
fingerprints: build
	bash tests/fingerprints_test.sh ./$(BUILD)/lambdasim . $(BUILD)/test-tmp/fingerprints --update

# Google Benchmark (the event queue, end to end), then lambdasim against the reference loop and
# the reference's logic on lambdasim's kernel (issue 17; pinned to one CPU, medians of REPS
# interleaved runs; bench/README.md), and the same work spread over 1 to 10^5 functions (--scan).
REPS ?= 3
bench: build
	./$(BUILD)/event_queue_bench
	./$(BUILD)/end_to_end_bench
	./$(BUILD)/reference_bench --reps $(REPS)
	./$(BUILD)/reference_bench --scan --reps $(REPS)

# Style: .clang-format (clang-format-14). `make format` rewrites, `make format-check` fails on
# any difference and is the first step of `make test`.
FORMAT_FILES = $(shell find sim models tests bench -name '*.h' -o -name '*.cc' | sort)
format: deps
	clang-format-14 -i $(FORMAT_FILES)

format-check: deps
	@clang-format-14 --dry-run --Werror $(FORMAT_FILES) && echo "format-check: $(words $(FORMAT_FILES)) files clean"

# Static checks on our own code (sim/, models/): clang-tidy-14 with the checks in .clang-tidy
# (every finding is an error) over the Release build's compile_commands.json, and cppcheck
# (warning, performance, portability). Suppressions are inline, each with its reason.
tidy: build
	run-clang-tidy-14 -p $(BUILD) -j $(JOBS) -quiet -extra-arg=-Wno-unknown-warning-option \
	  '$(CURDIR)/(sim|models)/.*\.cc$$' > $(BUILD)/clang-tidy.log 2>&1 \
	  || { sed 's/\x1b\[[0-9;]*m//g' $(BUILD)/clang-tidy.log | grep -E "(warning|error):" | sort -u; echo "clang-tidy: findings above (log: $(BUILD)/clang-tidy.log)"; exit 1; }
	@echo "clang-tidy: no findings"

cppcheck: build
	cppcheck -q --std=c++20 --language=c++ -I . -I $(BUILD)/generated --enable=warning,performance,portability \
	  --inline-suppr --suppress=missingIncludeSystem --error-exitcode=1 -j $(JOBS) sim models
	@echo "cppcheck: no findings"

lint: format-check tidy cppcheck

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
