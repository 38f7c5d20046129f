#!/usr/bin/env bash
# tests/interop/image.sh — the interop tests' client guest: Debian bookworm with
# strongSwan (IKEv1 through the stroke `ipsec` tool, 3DES/MD5/MODP through the
# openssl plugin), xl2tpd and pppd (for L2TP/IPsec), a kernel with ESP.
#
#   image.sh            build the image unless cached; print its directory
#                       (vmlinuz, initrd.img, rootfs.ext4) on the last line
#   image.sh --key      print the cache key only
#
# Two layers, each cached under $PIXIE_INTEROP_CACHE (/var/cache/pixie-interop):
#   base-<hash>   debootstrap (minbase) + packages, kernel and initrd, the root
#                 written with `mke2fs -d` (no loop mounts).  The hash covers
#                 build_base below and the package list, so changing either
#                 builds a new base; ~2 minutes cold.
#   image-<hash>  the base with our guest init and agent (guest/) written into
#                 the ext4 image with debugfs; the hash covers the base key
#                 and guest/*, so editing the agent costs a second, not a
#                 debootstrap.
# The mirror is the host's own Debian mirror (its apt sources), or
# PIXIE_INTEROP_MIRROR.  Builds are serialised by a lock per key; partial
# builds are removed on every exit path.
#
# Exit status: 0 ok; 3 this machine cannot build it (not root, a tool
# missing, the mirror unreachable) — the reason is the last line on stderr;
# 1 the build itself failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${PIXIE_INTEROP_CACHE:-/var/cache/pixie-interop}
SUITE=bookworm
BUILD_TIMEOUT=${PIXIE_INTEROP_BUILD_TIMEOUT:-900}

# What the guest runs.  strongswan-starter: the `ipsec` stroke tool (ipsec up,
# ipsec statusall); libstrongswan-standard-plugins: openssl (3DES, MD5,
# MODP groups); netcat-openbsd: UDP from source port 1701 without L2TP.
PACKAGES=(
	linux-image-amd64 kmod procps iproute2 iputils-ping tcpdump netbase
	strongswan-starter strongswan-charon libstrongswan-standard-plugins
	xl2tpd ppp netcat-openbsd
)

say() { echo "image.sh: $*" >&2; }
cannot() {
	say "$*"
	exit 3
}
die() {
	say "$*"
	exit 1
}
ms() { echo $(($(date +%s%N) / 1000000)); }

# The first Debian mirror of the host's apt sources (deb822 or one-line form),
# not the security archive.
host_mirror() {
	local m=""
	if [ -n "${PIXIE_INTEROP_MIRROR:-}" ]; then
		echo "$PIXIE_INTEROP_MIRROR"
		return
	fi
	shopt -s nullglob
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		m=$(awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f" |
			grep -v -- '-security' | head -n1)
		[ -n "$m" ] && break
	done
	if [ -z "$m" ]; then
		m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' |
			grep -v -- '-security' | head -n1)
	fi
	shopt -u nullglob
	echo "$m"
}

# build_base DIR MIRROR: the base layer into DIR (which does not exist yet).
# Everything it makes lives under DIR.tmp until the final rename.
build_base() {
	local out=$1 mirror=$2 tmp=$1.tmp root t0 kver size
	root=$tmp/root
	rm -rf --one-file-system "$tmp"
	mkdir -p "$root"
	t0=$(ms)
	say "debootstrap $SUITE (minbase + ${#PACKAGES[@]} packages) from $mirror"
	# --include installs the packages (and their dependencies, not their
	# recommendations) in debootstrap's second stage, in the target.
	if ! timeout -k 10 "$BUILD_TIMEOUT" debootstrap --variant=minbase --components=main \
		--include="$(
			IFS=,
			echo "${PACKAGES[*]}"
		)" "$SUITE" "$root" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
		tail -n 25 "$tmp/debootstrap.log" | sed 's/^/    /' >&2
		grep -q 'Failed getting release file\|Couldn.t download' "$tmp/debootstrap.log" &&
			cannot "debootstrap could not download from $mirror"
		die "debootstrap failed (log above)"
	fi
	say "debootstrap done in $(($(ms) - t0)) ms"
	# debootstrap unmounts what it mounted; never delete through a mount
	if grep -q " $tmp/" /proc/mounts; then die "something is still mounted under $tmp"; fi
	kver=$(find "$root/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)
	if [ -z "$kver" ] || [ ! -f "$root/boot/vmlinuz-$kver" ] || [ ! -f "$root/boot/initrd.img-$kver" ]; then
		die "no kernel/initrd in the guest root"
	fi
	cp "$root/boot/vmlinuz-$kver" "$tmp/vmlinuz"
	cp "$root/boot/initrd.img-$kver" "$tmp/initrd.img"
	# smaller image: no documentation, no package lists, no logs
	rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
		"$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/log/*
	echo pixie-client >"$root/etc/hostname"
	: >"$root/etc/fstab"
	mkdir -p "$root/usr/local/sbin"
	size=$(($(du -sm "$root" | cut -f1) + 192))
	mke2fs -q -F -t ext4 -L pxi-root -E root_owner=0:0 -d "$root" "$tmp/rootfs.ext4" "${size}M" >&2 ||
		die "mke2fs -d failed"
	printf 'kernel=%s\nmb=%s\nbuild_ms=%s\n' "$kver" "$size" "$(($(ms) - t0))" >"$tmp/info"
	rm -rf --one-file-system "$root"
	mv "$tmp" "$out"
	say "base built in $(($(ms) - t0)) ms: $out"
}

# add_guest BASE OUT: copy the base image and write guest/init and
# guest/agent into it as /usr/local/sbin/pxi-init and pxi-agent.
add_guest() {
	local base=$1 out=$2 tmp=$2.tmp f
	rm -rf "$tmp"
	mkdir -p "$tmp"
	cp --sparse=always "$base/rootfs.ext4" "$tmp/rootfs.ext4"
	cp "$base/vmlinuz" "$base/initrd.img" "$base/info" "$tmp/"
	{
		echo "cd /usr/local/sbin"
		for f in init agent; do
			echo "write $here/guest/$f pxi-$f"
			echo "set_inode_field pxi-$f mode 0100755"
			echo "set_inode_field pxi-$f uid 0"
			echo "set_inode_field pxi-$f gid 0"
		done
	} >"$tmp/debugfs.cmd"
	debugfs -w -f "$tmp/debugfs.cmd" "$tmp/rootfs.ext4" >"$tmp/debugfs.log" 2>&1 ||
		die "debugfs could not write the guest files: $(tail -n3 "$tmp/debugfs.log")"
	for f in init agent; do
		debugfs -R "cat /usr/local/sbin/pxi-$f" "$tmp/rootfs.ext4" 2>/dev/null | cmp -s - "$here/guest/$f" ||
			die "guest file pxi-$f did not land in the image"
	done
	rm -f "$tmp/debugfs.cmd" "$tmp/debugfs.log"
	mv "$tmp" "$out"
}

base_key=$({
	declare -f build_base
	echo "$SUITE ${PACKAGES[*]}"
} | sha256sum | cut -c1-16)
key=$({
	echo "$base_key"
	declare -f add_guest
	cat "$here/guest/init" "$here/guest/agent"
} | sha256sum | cut -c1-16)
if [ "${1:-}" = --key ]; then
	echo "$key"
	exit 0
fi
[ $# -eq 0 ] || die "usage: image.sh [--key]"

base=$CACHE/base-$base_key
img=$CACHE/image-$key
if [ -f "$img/rootfs.ext4" ]; then
	echo "$img"
	exit 0
fi

[ "$(id -u)" = 0 ] || cannot "building the guest image needs root (debootstrap)"
for t in debootstrap mke2fs debugfs flock; do
	command -v "$t" >/dev/null 2>&1 || cannot "$t is not installed (scripts/deps test)"
done
mkdir -p "$CACHE" || cannot "cannot create $CACHE"

# One builder per key: a second run waits for the first (bounded) and then
# finds the result.
exec 9>"$CACHE/.lock-$key"
flock -w "$((BUILD_TIMEOUT + 120))" 9 || die "timed out waiting for another build of $img"
if [ ! -f "$img/rootfs.ext4" ]; then
	trap 'rm -rf --one-file-system "$base.tmp" "$img.tmp"' EXIT
	if [ ! -f "$base/rootfs.ext4" ]; then
		mirror=$(host_mirror)
		[ -n "$mirror" ] || cannot "no Debian mirror in the host's apt sources (set PIXIE_INTEROP_MIRROR)"
		command -v curl >/dev/null 2>&1 &&
			! curl -fsS -m 15 -o /dev/null "${mirror%/}/dists/$SUITE/Release" 2>/dev/null &&
			cannot "the Debian mirror $mirror cannot be reached"
		build_base "$base" "$mirror"
	fi
	add_guest "$base" "$img"
	trap - EXIT
	# keep the cache small: other recipes' layers go (a guest running from
	# one keeps its open file)
	for old in "$CACHE"/image-* "$CACHE"/base-*; do
		case $old in "$img" | "$base" | *.tmp) continue ;; esac
		[ -d "$old" ] && rm -rf --one-file-system "$old"
	done
fi
echo "$img"
