/* console.h — the serial console session (stdin/stdout). */
#ifndef PIXIE_CLI_CONSOLE_H
#define PIXIE_CLI_CONSOLE_H
struct cli;
/* The console's session (created on first use, in privilege level 1). */
struct cli *console_session(void);
/* Run the console until end of input or logout.  Returns the exit code. */
int console_run(void);
void console_free(void);
#endif
