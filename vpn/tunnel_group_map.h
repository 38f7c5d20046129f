/*
 * tunnel_group_map.h — "tunnel-group-map": how a remote-access peer
 * authenticated by certificate is given a tunnel-group (PIX 7.2):
 *   tunnel-group-map enable (ou | ike-id | peer-ip | rules)
 *   tunnel-group-map [CERT-MAP] SEQ TUNNEL-GROUP
 *   tunnel-group-map default-group TUNNEL-GROUP
 * Printed after the tunnel-groups by their writer (tgmap_write).
 */
#ifndef PIXIE_VPN_TUNNEL_GROUP_MAP_H
#define PIXIE_VPN_TUNNEL_GROUP_MAP_H

struct cfgout;
void tgmap_write(struct cfgout *o);

#endif
