#!/usr/bin/env python3
"""Generate an N-line PIX 7.2 configuration for the config-load benchmark:
names, object-groups and access-list entries in the proportions real large
rule bases have (mostly ACEs).  Addresses are from TEST-NET ranges and only
ever appear as match values."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
out = sys.stdout
lines = 0

def emit(s):
    global lines
    out.write(s + "\n")
    lines += 1

emit("hostname bench")
emit("interface Ethernet0")
emit(" nameif outside")
emit(" security-level 0")
emit(" ip address 192.0.2.1 255.255.255.0")
emit("interface Ethernet1")
emit(" nameif inside")
emit(" security-level 100")
emit(" ip address 198.51.100.1 255.255.255.0")
emit("exit")
emit("names")
n_names = n // 10
for i in range(n_names):
    emit("name 10.%d.%d.%d host%d" % (i >> 16 & 255, i >> 8 & 255, i & 255, i))
n_groups = n // 50
for g in range(n_groups):
    emit("object-group network grp%d" % g)
    for j in range(4):
        emit(" network-object host 172.16.%d.%d" % (g & 255, j))
emit("exit")
ports = ["www", "https", "smtp", "domain", "22", "8080", "ftp", "telnet"]
i = 0
while lines < n:
    k = i % 4
    if k == 0:
        emit("access-list acl%d extended permit tcp host host%d any eq %s" %
             (i % 97, i % n_names, ports[i % len(ports)]))
    elif k == 1:
        emit("access-list acl%d extended permit udp 10.%d.%d.0 255.255.255.0 object-group grp%d eq domain" %
             (i % 97, i >> 8 & 255, i & 255, i % n_groups))
    elif k == 2:
        emit("access-list acl%d extended deny ip any host 203.0.113.%d" % (i % 97, i & 255))
    else:
        emit("access-list acl%d extended permit tcp 10.%d.0.0 255.255.0.0 host 198.51.100.%d range 1024 65535" %
             (i % 97, i & 255, i & 255))
    i += 1
