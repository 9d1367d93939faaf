# The Quick start: `make demo` and `make test`. Each installs what is missing, then builds.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
AIRGAP := build/release/cli/airgap
DEMO_OUT := build/demo

.PHONY: all deps test-deps release dev asan-tree asan demo test test-dev test-asan fuzz bench format clean

all: release

deps:
	@scripts/install-deps.sh build

test-deps:
	@scripts/install-deps.sh test

release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

dev: test-deps
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev -j $(JOBS)

# The asan tree was configured with g++ before it moved to clang; CMake cannot switch a tree's
# compiler in place, so such a tree is removed first.
asan-tree: test-deps
	@grep -qs '^CMAKE_CXX_COMPILER:.*clang' build/asan/CMakeCache.txt || rm -rf build/asan
	@cmake --preset asan >/dev/null

asan: asan-tree
	@cmake --build --preset asan -j $(JOBS)

demo: release
	@mkdir -p $(DEMO_OUT)
	@scripts/demo.sh $(AIRGAP) $(DEMO_OUT)

test-dev: dev
	@ctest --preset dev -j $(JOBS)

test-asan: asan
	@ctest --preset asan -j $(JOBS)

fuzz: asan-tree
	@scripts/fuzz.sh 30

# Both builds first, then the suites with the fuzz run beside them (scripts/test.sh).
test: dev asan
	@scripts/test.sh $(JOBS)

bench: release
	@command -v python3 >/dev/null || scripts/install-deps.sh bench
	@scripts/bench.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf build
