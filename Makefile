# A thin front over CMake. The two commands of the README:
#   make run    install what is missing, build, scan the bundled sample
#   make test   the same set-up, then every test (also under ASan+UBSan)
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
# warnings are errors in CI (CI=true), warnings only otherwise
STRICT     := $(if $(CI),-DENVSCAN_WERROR=ON,)

.PHONY: run test deps build bench clean

deps:
	@bash .ci/setup-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(STRICT) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/envscan datasets/sample

test: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DENVSCAN_SANITIZE=ON -DENVSCAN_FUZZ=ON $(STRICT)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(STRICT) \
	  -DENVSCAN_ASAN_BUILD_DIR=$(abspath $(ASAN_BUILD))
	cmake --build $(BUILD) -j $(JOBS)
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
