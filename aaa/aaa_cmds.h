/* aaa_cmds.h — the parts of the AAA module, joined by aaa_module.c. */
#ifndef PIXIE_AAA_CMDS_H
#define PIXIE_AAA_CMDS_H

void aaa_server_cmds_init(void); /* aaa-server ... (aaa_server_cmds.c) */
void aaa_rule_cmds_init(void);   /* aaa authentication ... (aaa_cmds.c) */
void aaa_user_cmds_init(void);   /* username ... (users_cmds.c) */
void aaa_write_register(void);   /* writers of aaa-server and aaa (aaa_write.c) */

#endif
