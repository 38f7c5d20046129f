/*
 * module.h — how a feature module joins the box.
 *
 * A module defines one init function with MODULE_INIT(fn).  main() calls
 * every registered init once at boot, before the configuration is loaded;
 * the init installs commands, types, writers and reset hooks.  Modules are
 * linked as objects, so no central list has to know them.
 */
#ifndef PIXIE_MODULE_H
#define PIXIE_MODULE_H

typedef void (*module_init_fn)(void);
void module_register(const char *name, module_init_fn fn, int prio);
void modules_init(void);

/* prio: lower runs first (types that others use register early). */
#define MODULE_INIT_PRIO(fn, prio)                                             \
	static void __attribute__((constructor)) fn##_register(void)           \
	{                                                                      \
		module_register(#fn, fn, prio);                                \
	}
#define MODULE_INIT(fn) MODULE_INIT_PRIO(fn, 50)

#endif
