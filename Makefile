# zbb - zero-based budgeting.  GNU make; everything builds into build/.
#   make            build build/zbb (and ./zbb, a link to it)
#   make test       unit tests, CLI and browser tests, under ASan+UBSan; ends "N passed, N failed, N skipped"
#   make demo       install what is missing, build, create demo.db and run the main job
#   make asan       build build-asan/zbb with -fsanitize=address,undefined
#   make bench      the benchmark (bench/run)
#   make fuzz       libFuzzer targets (tests/fuzz/), FUZZ_SECONDS each (60), or FUZZ_RUNS executions each
#   make check-layers  SQL only in the store, sqlite3_/PQ only in the drivers, no include cycle
#   make clean

VERSION  := 0.1.0
CC       ?= cc
PKGS     := sqlite3 jansson libcsv
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c17 -Wall -Wextra -Werror -D_GNU_SOURCE -DZBB_VERSION='"$(VERSION)"' -Isrc -Ibuild -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
LDLIBS   += -lsqlite3 -lpq -ljansson -lcsv -lzip -lexpat -lxlsxwriter -lmicrohttpd -lsodium -lz -lpthread -lm
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC      := $(filter-out src/main.c,$(wildcard src/*.c))
HDR      := $(wildcard src/*.h)
OBJ      := $(SRC:src/%.c=build/%.o) build/codes_data.o build/assets_data.o
AOBJ     := $(SRC:src/%.c=build-asan/%.o) build-asan/codes_data.o build-asan/assets_data.o
WEB      := $(sort $(wildcard web/*.html web/*.css web/*.js web/*.svg))
# third-party scripts come from npm, pinned in package-lock.json (scripts/setup.sh runs npm ci)
ECHARTS  := node_modules/echarts/dist/echarts.common.min.js
VENDOR   := build/vendor/echarts.min.js
UNIT     := $(wildcard tests/unit/test_*.c)

all: build/zbb zbb

zbb: build/zbb
	ln -sf build/zbb zbb

build/mkcodes: tools/mkcodes.c | build
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

build/codes_data.c: build/mkcodes data/function.csv data/economic.csv
	build/mkcodes data/function.csv data/economic.csv > $@.tmp && mv $@.tmp $@

build/%.o: src/%.c $(HDR) | build
	$(CC) $(CFLAGS) -c -o $@ $<

build/codes_data.o: build/codes_data.c src/codes.h
	$(CC) $(CFLAGS) -c -o $@ $<

build/mkassets: tools/mkassets.c | build
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $< -lsodium

$(VENDOR): package-lock.json
	@mkdir -p build/vendor
	@if [ ! -f $(ECHARTS) ] && command -v npm >/dev/null; then \
	  echo "npm ci (echarts and the browser tests' driver, as pinned in package-lock.json)"; \
	  npm ci --no-audit --no-fund --loglevel=error; fi
	@[ -f $(ECHARTS) ] || { echo "make: $(ECHARTS) is missing: run scripts/setup.sh (it installs nodejs/npm and runs npm ci)" >&2; exit 1; }
	cp $(ECHARTS) $@

build/assets_data.c: build/mkassets $(WEB) $(VENDOR)
	build/mkassets $(WEB) $(VENDOR) > $@.tmp && mv $@.tmp $@

build/assets_data.o: build/assets_data.c src/assets.h
	$(CC) $(CFLAGS) -c -o $@ $<

build/libzbb.a: $(OBJ)
	ar rcs $@ $^

build/zbb: build/main.o build/libzbb.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build build-asan:
	mkdir -p $@

# the sanitizer build used by the tests
build-asan/%.o: src/%.c $(HDR) | build-asan
	$(CC) $(CFLAGS) $(SAN) -c -o $@ $<

build-asan/codes_data.o: build/codes_data.c src/codes.h | build-asan
	$(CC) $(CFLAGS) $(SAN) -c -o $@ $<

build-asan/assets_data.o: build/assets_data.c src/assets.h | build-asan
	$(CC) $(CFLAGS) $(SAN) -c -o $@ $<

build-asan/libzbb.a: $(AOBJ)
	ar rcs $@ $^

build-asan/zbb: build-asan/main.o build-asan/libzbb.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

build-asan/test_%: tests/unit/test_%.c build-asan/libzbb.a tests/unit/unit.h
	$(CC) $(CFLAGS) $(SAN) -Itests/unit -o $@ $< build-asan/libzbb.a $(LDLIBS) -lxlsxwriter -lcmocka

# the seams: SQL only in store*.c, sqlite3_*/PQ* only in db_*.c, no include
# cycle between modules (tools/checklayers.c); make test runs it first
build/checklayers: tools/checklayers.c | build
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

check-layers: build/checklayers
	@build/checklayers $(SRC) src/main.c $(HDR) && echo "check-layers: ok"

# writes .xlsx files for the CLI tests
build/mkxlsx: tests/mkxlsx.c | build
	$(CC) $(CFLAGS) -o $@ $< -lxlsxwriter

asan: build-asan/zbb

# libFuzzer targets (clang): the library instrumented for coverage and the
# sanitizers, one binary per tests/fuzz/fuzz_*.c.  make test runs each for a
# few seconds when clang's libFuzzer is there (tests/cli/t0900-fuzz.sh).
FUZZ_CC  ?= clang
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SECONDS ?=
FUZZ_RUNS ?=
FOBJ     := $(SRC:src/%.c=build-fuzz/%.o) build-fuzz/codes_data.o build-fuzz/assets_data.o
FUZZERS  := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
HAVE_FUZZ = $(shell echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}' \
	| $(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1 && echo yes)

build-fuzz:
	mkdir -p $@

build-fuzz/%.o: src/%.c $(HDR) | build-fuzz
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -c -o $@ $<

build-fuzz/codes_data.o: build/codes_data.c src/codes.h | build-fuzz
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -c -o $@ $<

build-fuzz/assets_data.o: build/assets_data.c src/assets.h | build-fuzz
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -c -o $@ $<

build-fuzz/libzbb.a: $(FOBJ)
	ar rcs $@ $^

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build-fuzz/libzbb.a
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -Itests/fuzz -o $@ $< build-fuzz/libzbb.a $(LDLIBS)

fuzz-build: $(FUZZERS)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) tests/fuzz/run.sh

UNIT_BINS := $(UNIT:tests/unit/%.c=build-asan/%)

test: all build-asan/zbb $(UNIT_BINS) build/mkxlsx check-layers
	@if [ "$(HAVE_FUZZ)" = yes ]; then $(MAKE) --no-print-directory -s fuzz-build; \
	else echo "make test: no clang libFuzzer ($(FUZZ_CC) -fsanitize=fuzzer); the fuzz pass is skipped (scripts/setup.sh installs it)"; fi
	@tests/run.sh build-asan/zbb $(UNIT_BINS)

setup:
	@scripts/setup.sh

demo: setup
	$(MAKE) all
	rm -f demo.db demo.db-wal demo.db-shm
	./zbb --book demo.db demo

# the benchmark's stage timer (bench/zbbbench.c), linked with the library
build/zbbbench: bench/zbbbench.c build/libzbb.a $(HDR)
	$(CC) $(CFLAGS) -o $@ $< build/libzbb.a $(LDLIBS)

bench: all build/zbbbench
	bench/run

clean:
	rm -rf build build-asan build-fuzz zbb

.PHONY: all test asan setup demo bench clean fuzz fuzz-build check-layers
