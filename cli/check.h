/* check.h — "pixie check FILE": report the lines a box would refuse. */
#ifndef PIXIE_CLI_CHECK_H
#define PIXIE_CLI_CHECK_H
/* 0: every line accepted, 1: some refused, 2: the file cannot be read. */
int check_file(const char *path);
#endif
