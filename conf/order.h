/*
 * order.h — where each feature's lines appear in "show running-config".
 * PIX 7.2 prints features in a fixed order independent of entry order; this
 * table is that order, in one place.  Gaps leave room for new features.
 */
#ifndef PIXIE_CONF_ORDER_H
#define PIXIE_CONF_ORDER_H

enum conf_order {
	ORD_TERMINAL = 90,      /* terminal width (config mode, ASA 8 style) */
	ORD_HOSTNAME = 100,     /* hostname */
	ORD_DOMAIN = 110,       /* domain-name */
	ORD_ENABLE = 120,       /* enable password */
	ORD_NAMES = 130,        /* names, name ... */
	ORD_DNS_GUARD = 140,
	ORD_INTERFACE = 200,    /* interface blocks, each followed by "!" */
	ORD_TIME_RANGE = 250,   /* time-range blocks */
	ORD_PASSWD = 300,       /* passwd */
	ORD_BANNER = 305,
	ORD_BOOT = 310,
	ORD_FTP = 320,          /* ftp mode passive */
	ORD_CLOCK = 330,
	ORD_DNS = 340,          /* dns domain-lookup, dns server-group */
	ORD_SAME_SECURITY = 350,
	ORD_OBJECT_GROUP = 360,
	ORD_ACCESS_LIST = 400,
	ORD_PAGER = 410,
	ORD_LOGGING = 420,
	ORD_MTU = 430,
	ORD_IP_LOCAL_POOL = 440,
	ORD_FAILOVER = 450,
	ORD_MONITOR = 455,
	ORD_ICMP = 460,
	ORD_ASDM = 470,
	ORD_ARP = 480,          /* arp timeout, static arp */
	ORD_NAT_CONTROL = 490,
	ORD_GLOBAL = 500,
	ORD_NAT = 510,
	ORD_STATIC = 520,
	ORD_ACCESS_GROUP = 530,
	ORD_ROUTE = 600,
	ORD_TIMEOUT = 610,
	ORD_DAP = 695,          /* dynamic-access-policy-record */
	ORD_AAA_SERVER = 700,
	ORD_GROUP_POLICY = 710,
	ORD_USERNAME = 720,
	ORD_AAA = 730,          /* aaa authentication/authorization/accounting */
	ORD_HTTP = 740,
	ORD_SNMP = 750,
	ORD_SYSOPT = 760,
	ORD_SERVICE = 765,
	ORD_CRYPTO_IPSEC = 800,
	ORD_CRYPTO_DYNMAP = 810,
	ORD_CRYPTO_MAP = 820,
	ORD_CRYPTO_CA = 830,
	ORD_CRYPTO_ISAKMP = 840,
	ORD_TUNNEL_GROUP = 850,
	ORD_TELNET = 900,
	ORD_SSH = 910,
	ORD_CONSOLE = 920,
	ORD_MANAGEMENT_ACCESS = 930,
	ORD_VPDN = 935,
	ORD_DHCPD = 940,
	ORD_THREAT_DETECTION = 943,
	ORD_NTP = 945,
	ORD_WEBVPN = 950,
	ORD_CLASS_MAP = 1000,
	ORD_POLICY_MAP = 1010,
	ORD_SERVICE_POLICY = 1020,
	ORD_PROMPT = 1100,
};

#endif
