/*
 * main.c — boot the box: register every module, load the factory default,
 * open the flash, apply the startup-config, and run the console.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/console.h"
#include "conf/conf.h"
#include "conf/flash.h"
#include "lib/module.h"

static void usage(void)
{
	fputs("usage: pixie console [--flash DIR] [--map IFNAME=linuxdev,...]\n", stderr);
}

int main(int argc, char **argv)
{
	const char *flash_dir = "./flash";
	const char *map = NULL;
	if (argc < 2 || strcmp(argv[1], "console")) {
		usage();
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--flash") && i + 1 < argc)
			flash_dir = argv[++i];
		else if (!strcmp(argv[i], "--map") && i + 1 < argc)
			map = argv[++i];
		else {
			usage();
			return 2;
		}
	}
	(void)map; /* interface binding arrives with the dataplane */
	modules_init();
	conf_factory_reset();
	if (flash_open(flash_dir) < 0)
		fprintf(stderr, "%s\n", flash_error());
	flash_boot(console_session());
	int rc = console_run();
	console_free();
	flash_close();
	return rc;
}
