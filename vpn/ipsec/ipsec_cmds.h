/*
 * ipsec_cmds.h — the IPsec EXEC commands: show crypto ipsec sa, clear
 * crypto ipsec sa, debug crypto ipsec (ipsec_show.c).
 */
#ifndef PIXIE_IPSEC_CMDS_H
#define PIXIE_IPSEC_CMDS_H
void ipsec_cmds_install(void);
#endif
