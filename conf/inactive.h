/* inactive.h — tell the user about configuration pixie does not act on yet. */
#ifndef PIXIE_CONF_INACTIVE_H
#define PIXIE_CONF_INACTIVE_H
struct cli;
struct cli_args;
/* After a configuration command took effect: if its feature is one pixie
 * only records, say so (once per feature). */
void conf_note_inactive(struct cli *cli, const struct cli_args *a);
#endif
