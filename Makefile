# pixie — build, run and test.  See README.md.
#   make            build build/pixie
#   make run        install missing build deps, build, start the console
#   make test       build and run every test (unit, transcripts, flash, ...)
#   make SAN=1 ...  the same under AddressSanitizer + UndefinedBehaviorSanitizer

CC      ?= cc
SRCDIRS := lib cli conf mgmt dataplane nat vpn aaa policy
SRCS    := $(sort $(wildcard $(addsuffix /*.c,$(SRCDIRS)) $(addsuffix /*/*.c,$(SRCDIRS))))
ifeq ($(SAN),1)
BUILD   ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD   ?= build
endif
CFLAGS  ?= -O2 -g
# what every build needs, even when CFLAGS is given on the command line
XCFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wno-missing-field-initializers -I. $(SANFLAGS) -MMD -MP
LDFLAGS += $(SANFLAGS)
LDLIBS  += -ledit -lsqlite3 -lcrypto -lpcap

OBJS    := $(SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run test test-deps unit transcripts clean deps fuzz
all: $(BUILD)/pixie

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XCFLAGS) -c -o $@ $<

$(BUILD)/pixie: $(OBJS) $(BUILD)/obj/main.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XCFLAGS) $(LDFLAGS) -o $@ $< $(OBJS) $(LDLIBS) -lcmocka

deps:
	scripts/deps build

run: deps
	$(MAKE) all
	$(BUILD)/pixie console

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

transcripts: $(BUILD)/pixie
	@tests/run-transcripts.sh $(BUILD)/pixie

test-deps:
	@scripts/deps build test

# run-all runs the unit programs itself, so a failing one still lets every
# other part run and the summary line print
test: test-deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@tests/run-all.sh $(BUILD)

# libFuzzer harness (clang): everything instrumented, in its own build dir
fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined" \
		CFLAGS="-O1 -g" build/fuzz/objs.stamp
	for h in fuzz_line fuzz_packet fuzz_isakmp fuzz_esp; do \
		clang -O1 -g -I. -fsanitize=fuzzer,address,undefined -o build/fuzz/$$h tests/fuzz/$$h.c \
			$$(find build/fuzz/obj -name '*.o' ! -name main.o) $(LDLIBS) || exit 1; \
	done

$(BUILD)/objs.stamp: $(OBJS)
	touch $@

clean:
	rm -rf build

-include $(OBJS:.o=.d) $(BUILD)/obj/main.d
