/*
 * names.h — the symbolic names the ASA accepts for IP protocols, TCP/UDP
 * ports, ICMP types and logging levels, and the name it prints back.
 *
 * The ASA prints a port, protocol or ICMP type by its name whenever one
 * exists ("eq 80" is shown as "eq www", protocol 6 as "tcp"); these tables
 * are that translation, in one place, for the CLI and for show commands.
 */
#ifndef PIXIE_DP_NAMES_H
#define PIXIE_DP_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* IP protocol numbers the ASA names in configurations. */
enum { PROTO_IP = 0, PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17 };

/* Which port name table applies. */
enum port_proto {
	PP_TCP = 1,
	PP_UDP = 2,
	PP_TCPUDP = PP_TCP | PP_UDP, /* a name valid for both (object-group service tcp-udp) */
};

/* Protocol: a name ("tcp", "esp", "pptp") or a number 0-255.  -1 if neither. */
int proto_parse(const char *s);
/* Canonical text of a protocol number: its name or the decimal number. */
const char *proto_name(int proto, char buf[8]);

/* Port: a name valid for `pp` (every table in pp must know it) or a number
 * 0-65535.  -1 if neither. */
int port_parse(const char *s, enum port_proto pp);
/* True when s is a port number or a port name of any table (for the CLI type). */
bool port_token_ok(const char *s);
/* Canonical text of a port for `pp`: a name when one exists, else digits. */
const char *port_name(int port, enum port_proto pp, char buf[8]);

/* A port condition: "eq www", "range 1024 65535"... */
enum port_op { PORT_NONE = 0, PORT_EQ, PORT_LT, PORT_GT, PORT_NEQ, PORT_RANGE };
/* "eq", "lt", "gt", "neq", "range": the keyword, or PORT_NONE. */
enum port_op port_op_parse(const char *kw);
/* Append " eq www" / " range 1024 65535" (with its leading space) to buf. */
void port_cond_fmt(char *buf, size_t n, enum port_op op, int lo, int hi, enum port_proto pp);

/* ICMP type: a name ("echo-reply") or 0-255.  -1 if neither. */
int icmp_type_parse(const char *s);
const char *icmp_type_name(int type, char buf[8]);

/* Logging level: a name ("warnings") or 0-7.  -1 if neither. */
int loglevel_parse(const char *s);
const char *loglevel_name(int level);

/* "h:mm:ss" (or "h:mm") as the timeout commands take it; seconds or -1. */
long hms_parse(const char *s);
/* Formats as the ASA prints it: "1:00:00", "0:00:02". */
const char *hms_fmt(long secs, char buf[32]);

/* MAC address in the ASA's "H.H.H" form (also accepts aa:bb:cc:dd:ee:ff). */
bool mac_parse(const char *s, unsigned char mac[6]);
const char *mac_fmt(const unsigned char mac[6], char buf[16]);

#endif
