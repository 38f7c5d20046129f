/*
 * main.c — boot the box: register every module, load the factory default,
 * open the flash, apply the startup-config, and run the console.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/check.h"
#include "cli/console.h"
#include "conf/conf.h"
#include "conf/flash.h"
#include "dataplane/dp.h"
#include "lib/module.h"

static void usage(void)
{
	fputs("usage: pixie console [--flash DIR] [--map IFNAME=linuxdev,...]\n"
	      "       pixie check FILE    report the lines of a configuration the box refuses\n",
	      stderr);
}

int main(int argc, char **argv)
{
	const char *flash_dir = "./flash";
	const char *map = NULL;
	if (argc == 3 && !strcmp(argv[1], "check")) {
		modules_init();
		conf_factory_reset();
		return check_file(argv[2]);
	}
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
	modules_init();
	/* bind the ports before the configuration: interfaces then exist with
	 * their real MACs, and only the mapped ones (no auto-created ports) */
	if (map && port_bind_map(map) != 0)
		return 1;
	conf_factory_reset();
	if (flash_open(flash_dir) < 0)
		fprintf(stderr, "%s\n", flash_error());
	flash_boot(console_session());
	dp_start();
	int rc = console_run();
	console_free();
	port_close_all();
	flash_close();
	return rc;
}
