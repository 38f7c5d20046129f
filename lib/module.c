#include "lib/module.h"

#include <stdlib.h>

#define MAX_MODULES 128

static struct {
	const char *name;
	module_init_fn fn;
	int prio;
} mods[MAX_MODULES];
static int nmods;

void module_register(const char *name, module_init_fn fn, int prio)
{
	if (nmods == MAX_MODULES)
		abort(); /* a build with more modules must raise the limit */
	mods[nmods].name = name;
	mods[nmods].fn = fn;
	mods[nmods].prio = prio;
	nmods++;
}

void modules_init(void)
{
	/* stable order: by priority, then by registration */
	for (int p = 0; p <= 100; p++)
		for (int i = 0; i < nmods; i++)
			if (mods[i].prio == p)
				mods[i].fn();
}
