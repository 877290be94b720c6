# cspdm top-level Makefile: drives CMake.
#   make        build into build/ (CLI at build/cspdm); installs missing Debian packages as root
#   make test   every test, in an ASan+UBSan build (build-test/)
#   make demo   build and authenticate the built-in emulated device
#   make bench  context size, decode/verify cost per reference capture, secured messages
#               against raw EVP AEAD, session establishment against its crypto floor; many
#               devices (bench/fleet.py: bench/results.json, bench/fleet_latency.png)
#   make lint   clang-tidy (bugprone, cert, clang-analyzer) and cppcheck on src/
#   make stack  deepest stack paths of the protocol core
#   make valgrind  memcheck over the integration tests and the CLI
#   make fuzz SECONDS=N  every libFuzzer harness for N seconds (fuzz/Makefile)
#   make install [PREFIX=/usr/local] [DESTDIR=...]  the CLI, libcspdm.so/.a, headers, cspdm.pc,
#               the CMake package, man pages, bash completion (make uninstall removes them)
#   make install-check  install into a temporary DESTDIR and check it: files, examples built
#               with pkg-config and with CMake run against each other, exports, man pages
#   make prove  Frama-C: Eva on every decoder for every input, WP on the reader's contracts
#               (PRECISION=full, the default, or ci; PROVE_JOBS=N drivers at a time;
#               PROVE_ONLY="driver ..." runs only those)
BUILD      ?= build
TEST_BUILD ?= build-test
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DEB_PKGS   := cmake make gcc g++ pkg-config libssl-dev libcmocka-dev libpcap-dev libjansson-dev \
              clang clang-tidy cppcheck valgrind iproute2 python3 openssl mandoc \
              gnuplot-nox time frama-c-base why3 cvc4

.PHONY: all deps build test demo bench clean format lint stack valgrind fuzz install uninstall \
        install-check prove
SECONDS    ?= 60
PREFIX     ?= /usr/local
PRECISION  ?= full
PROVE_JOBS ?= 2

all: build

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "make: installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else echo "make: missing Debian packages:$$missing (run make as root or install them)"; exit 1; fi; \
	fi

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCSPDM_SANITIZE=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: deps
	@cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCSPDM_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_BUILD) -j $(JOBS)
	cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory -C fuzz -j 2 smoke

fuzz: deps
	@$(MAKE) --no-print-directory -C fuzz run SECONDS=$(SECONDS)

prove: deps
	@python3 proof/prove.py --precision $(PRECISION) -j $(PROVE_JOBS) \
	  $(if $(PROVE_ONLY),--only $(PROVE_ONLY))

bench: build
	@cmake --build $(BUILD) --target bench_decode bench_session -j $(JOBS) >/dev/null
	@$(BUILD)/bench_decode
	@$(BUILD)/bench_session
	@python3 bench/fleet.py $(BUILD) bench

valgrind: build
	@./tools/valgrind.sh $(BUILD)

lint: build
	@./tools/lint.sh $(BUILD)

stack: deps
	@cmake -S . -B build-stack -DCMAKE_BUILD_TYPE=Release -DCSPDM_CALLGRAPH=ON -DCSPDM_TESTS=OFF >/dev/null
	@cmake --build build-stack --target cspdm_core -j $(JOBS) >/dev/null
	@python3 tools/stack-report.py build-stack

# The install prefix is configured into cspdm.pc and the CMake package: set at configure time.
install: build
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)

# What the last make install wrote, by CMake's install manifest (paths without DESTDIR: give
# the same DESTDIR again).
uninstall:
	@test -f $(BUILD)/install_manifest.txt || { echo "make uninstall: no $(BUILD)/install_manifest.txt"; exit 1; }
	@sed 's|^|$(DESTDIR)|' $(BUILD)/install_manifest.txt | xargs -d '\n' rm -f --
	@echo "make uninstall: removed $$(wc -l <$(BUILD)/install_manifest.txt) files"

install-check: build
	@./tools/install-check.sh $(BUILD)

demo: build
	@./tools/demo.sh $(BUILD)/cspdm

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-stack build-prove fuzz/out
