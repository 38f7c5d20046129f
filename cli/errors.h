/* errors.h — the ASA's CLI error texts, in one table so tests can assert them. */
#ifndef PIXIE_CLI_ERRORS_H
#define PIXIE_CLI_ERRORS_H
#define ERR_INVALID_INPUT "ERROR: % Invalid input detected at '^' marker."
#define ERR_INCOMPLETE "ERROR: % Incomplete command"
#define ERR_AMBIGUOUS "ERROR: % Ambiguous command:  "
#endif
