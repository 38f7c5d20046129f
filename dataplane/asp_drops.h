/*
 * asp_drops.h — the named drop reasons of "show asp drop", with the ASA's
 * keyword and text, in the order the ASA lists them.  Included with an
 * ASP_DROP(id, keyword, text) macro defined (X-macro); `flow` marks the
 * reasons the ASA lists under "Flow drop:" rather than "Frame drop:".
 */
/* Frame drops */
ASP_DROP(DROP_INVALID_ENCAP, "invalid-encap", "Invalid encapsulation")
ASP_DROP(DROP_UNSUPPORTED_IP_VERSION, "unsupported-ip-version", "Unsupported IP version")
ASP_DROP(DROP_INVALID_IP_HEADER, "invalid-ip-header", "Invalid IP header")
ASP_DROP(DROP_INVALID_IP_LENGTH, "invalid-ip-length", "Invalid IP length")
ASP_DROP(DROP_INVALID_IP_OPTION, "invalid-ip-option", "IP option drop")
ASP_DROP(DROP_INVALID_TCP_HDR_LENGTH, "invalid-tcp-hdr-length", "Invalid TCP Length")
ASP_DROP(DROP_INVALID_UDP_LENGTH, "invalid-udp-length", "Invalid UDP Length")
ASP_DROP(DROP_BAD_TCP_CKSUM, "bad-tcp-cksum", "Bad TCP checksum")
ASP_DROP(DROP_BAD_TCP_FLAGS, "bad-tcp-flags", "Bad TCP flags")
ASP_DROP(DROP_TTL_EXCEEDED, "ttl-exceeded", "ttl exceeded")
ASP_DROP(DROP_NO_ROUTE, "no-route", "No route to host")
ASP_DROP(DROP_NO_ADJACENCY, "no-adjacency", "No valid adjacency")
ASP_DROP(DROP_RPF_VIOLATED, "rpf-violated", "Reverse-path verify failed")
ASP_DROP(DROP_ACL_DROP, "acl-drop", "Flow is denied by configured rule")
ASP_DROP(DROP_SP_SECURITY_FAILED, "sp-security-failed", "Slowpath security checks failed")
ASP_DROP(DROP_SECURITY_FAILED, "security-failed", "Early security checks failed")
ASP_DROP(DROP_NAT_XLATE_FAILED, "nat-xlate-failed", "NAT failed")
ASP_DROP(DROP_NAT_RPF_FAILED, "nat-rpf-failed", "NAT reverse path failed")
ASP_DROP(DROP_NAT_NO_XLATE_TO_PAT_POOL, "nat-no-xlate-to-pat-pool",
	 "Connection to PAT address without pre-existing xlate")
ASP_DROP(DROP_TCP_NOT_SYN, "tcp-not-syn", "First TCP packet not SYN")
ASP_DROP(DROP_TCP_3WHS_FAILED, "tcp-3whs-failed", "TCP failed 3 way handshake")
ASP_DROP(DROP_TCP_RSTFIN_OOO, "tcp-rstfin-ooo", "TCP RST/FIN out of order")
ASP_DROP(DROP_TCP_SEQ_PAST_WIN, "tcp-seq-past-win", "TCP packet SEQ past window")
ASP_DROP(DROP_TCP_INVALID_ACK, "tcp-invalid-ack", "TCP invalid ACK")
ASP_DROP(DROP_TCP_SYNACK_OOO, "tcp-synack-ooo", "TCP SYNACK on established conn")
ASP_DROP(DROP_TCP_DATA_PAST_FIN, "tcp-data-past-fin", "TCP data send after FIN")
ASP_DROP(DROP_TCP_SEQ_SYN_DIFF, "tcp-seq-syn-diff", "TCP SEQ in SYN/SYNACK invalid")
ASP_DROP(DROP_TCP_ACK_SYN_DIFF, "tcp-ack-syn-diff", "TCP ACK in SYNACK invalid")
ASP_DROP(DROP_TCP_RST_SYN_IN_WIN, "tcp-rst-syn-in-win", "TCP RST/SYN in window")
ASP_DROP(DROP_TCP_BAD_OPTION_LIST, "tcp-bad-option-list", "TCP option list invalid")
ASP_DROP(DROP_INSPECT_ICMP_SEQ, "inspect-icmp-seq-num-not-matched",
	 "ICMP Inspect seq num not matched")
ASP_DROP(DROP_INSPECT_ICMP_ERROR_NO_CONN, "inspect-icmp-error-no-existing-conn",
	 "ICMP Error Inspect no existing conn")
ASP_DROP(DROP_INTERFACE_DOWN, "interface-down", "Interface is down")
ASP_DROP(DROP_CONN_LIMIT, "conn-limit", "Connection limit reached")
ASP_DROP(DROP_UNABLE_TO_CREATE_FLOW, "unable-to-create-flow",
	 "Flow denied due to resource limitation")
ASP_DROP(DROP_OUT_OF_MEMORY, "out-of-memory", "No memory to complete flow")
ASP_DROP(DROP_IFC_CLASSIFY, "ifc-classify", "Virtual firewall classification failed")
ASP_DROP(DROP_L2_ACL, "l2_acl", "FP L2 rule drop")
ASP_DROP(DROP_DST_L2_LOOKUP_FAIL, "dst-l2_lookup-fail", "Dst MAC L2 Lookup Failed")
ASP_DROP(DROP_IP_FRAGMENT, "fragment-reassembly-failed", "Fragment reassembly failed")
ASP_DROP(DROP_FLOW_EXPIRED, "flow-expired", "Expired flow")
/* IPsec (vpn/ipsec/esp_in.c, esp_out.c), with the ASA's keywords and texts
 * (as real "show asp drop" outputs print them) */
ASP_DROP(DROP_NATT_KEEPALIVE, "natt-keepalive", "NAT-T keepalive message")
ASP_DROP(DROP_BAD_IPSEC_NATT, "bad-ipsec-natt", "Bad IPSEC NATT packet")
ASP_DROP(DROP_NP_SP_INVALID_SPI, "np-sp-invalid-spi", "Invalid SPI")
ASP_DROP(DROP_CTM_CRYPTO_ERROR, "ctm-crypto-request-error", "CTM crypto request error")
ASP_DROP(DROP_IPSEC_SPOOF, "ipsec-spoof", "IPSec spoof detected")
ASP_DROP(DROP_IPSEC_TUN_DOWN, "ipsec-tun-down", "IPSEC tunnel is down")
ASP_DROP(DROP_IPSEC_NEED_SA, "ipsec-need-sa", "IPSec SA not negotiated yet")
