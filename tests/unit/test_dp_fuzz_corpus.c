/* test_dp_fuzz_corpus.c — the packet-path fuzz harness without libFuzzer:
 * replays tests/fuzz/corpus-packet and a few thousand deterministic
 * mutations of it (bit flips, truncations, splices) through the same entry
 * point, so `make test` catches a crash or a sanitizer report in the frame
 * parsers even where clang is not installed. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include <cmocka.h>

#include "../fuzz/fuzz_packet.c"

#define CORPUS "tests/fuzz/corpus-packet"
#define MAXIN 4096

struct input {
	uint8_t *data;
	size_t len;
};

static struct input inputs[256];
static size_t ninputs;

static void load(void)
{
	DIR *d = opendir(CORPUS);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) && ninputs < 256) {
		if (e->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", CORPUS, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		uint8_t *buf = malloc(MAXIN);
		size_t n = fread(buf, 1, MAXIN, f);
		fclose(f);
		inputs[ninputs++] = (struct input){buf, n};
	}
	closedir(d);
}

static void corpus_replay(void **state)
{
	(void)state;
	load();
	if (!ninputs)
		skip();
	for (size_t i = 0; i < ninputs; i++)
		assert_int_equal(LLVMFuzzerTestOneInput(inputs[i].data, inputs[i].len), 0);
}

static uint32_t rnd(void)
{
	static uint32_t s = 0x12345678;
	s ^= s << 13;
	s ^= s >> 17;
	s ^= s << 5;
	return s;
}

static void mutations(void **state)
{
	(void)state;
	if (!ninputs)
		skip();
	uint8_t buf[MAXIN * 2];
	for (int round = 0; round < 20000; round++) {
		const struct input *a = &inputs[rnd() % ninputs];
		size_t n = a->len;
		memcpy(buf, a->data, n);
		switch (rnd() % 4) {
		case 0: /* flip bits */
			for (int k = 1 + (int)(rnd() % 8); k > 0 && n; k--)
				buf[rnd() % n] ^= (uint8_t)(1u << (rnd() % 8));
			break;
		case 1: /* truncate */
			n = n ? rnd() % n : 0;
			break;
		case 2: { /* splice another input after this one */
			const struct input *b = &inputs[rnd() % ninputs];
			memcpy(buf + n, b->data, b->len);
			n += b->len;
			break;
		}
		default: /* random bytes at a random place */
			for (int k = 1 + (int)(rnd() % 16); k > 0 && n; k--)
				buf[rnd() % n] = (uint8_t)rnd();
		}
		assert_int_equal(LLVMFuzzerTestOneInput(buf, n), 0);
	}
	for (size_t i = 0; i < ninputs; i++)
		free(inputs[i].data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus_replay),
		cmocka_unit_test(mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
