#!/usr/bin/env bash
# A four-host network made of Linux network namespaces, for the fault harness (Scripts/chaos.sh).
#
#   Scripts/netns/hosts.sh up            create the hosts (fails if they already exist: run down first)
#   Scripts/netns/hosts.sh down          remove everything this script made (idempotent)
#   Scripts/netns/hosts.sh cut HOST      drop all traffic to and from HOST (coord, w1, w2, client)
#   Scripts/netns/hosts.sh heal HOST     let it through again
#   Scripts/netns/hosts.sh status        namespaces, links and cut hosts
#   Scripts/netns/hosts.sh addr HOST     print HOST's address
#
# Layout: namespaces $PREFIX-coord, $PREFIX-w1, $PREFIX-w2 and $PREFIX-client each hold one end of a
# veth pair (named eth0 there); the other ends are ports of a bridge that lives in a fifth namespace,
# $PREFIX-br. Every link is created directly inside a namespace of ours, so the root namespace's
# interfaces, routes and firewall are never touched, and several runs with different prefixes
# (PW_NETNS_PREFIX) do not collide: each has its own bridge, so the same addresses can be reused.
#
# Environment: PW_NETNS_PREFIX (default pw), PW_NETNS_SUBNET (first three octets, default 10.77.0).
set -euo pipefail

prefix="${PW_NETNS_PREFIX:-pw}"
subnet="${PW_NETNS_SUBNET:-10.77.0}"
hosts=(coord w1 w2 client)
bridge_ns="$prefix-br"

die() { echo "hosts.sh: $*" >&2; exit 2; }

# HOST's address: its position in the hosts list gives .1 to .4.
addr_of() {
    local i
    for i in "${!hosts[@]}"; do
        if [ "${hosts[$i]}" = "$1" ]; then echo "$subnet.$((i + 1))"; return; fi
    done
    die "unknown host '$1' (one of: ${hosts[*]})"
}

ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

up() {
    for ns in "$bridge_ns" "${hosts[@]/#/$prefix-}"; do
        ns_exists "$ns" && die "namespace $ns exists already (run: $0 down, or choose another PW_NETNS_PREFIX)"
    done
    # If anything below fails, do not leave half a network behind.
    trap 'down >/dev/null 2>&1 || true' ERR
    ip netns add "$bridge_ns"
    ip -n "$bridge_ns" link set lo up
    ip -n "$bridge_ns" link add br0 type bridge
    # Ports forward at once: no STP, no learning delay that would make the first seconds flaky.
    ip -n "$bridge_ns" link set br0 type bridge stp_state 0 forward_delay 0
    ip -n "$bridge_ns" link set br0 up
    for host in "${hosts[@]}"; do
        local ns="$prefix-$host"
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        # Created inside the bridge namespace with its peer placed straight into the host's namespace.
        ip -n "$bridge_ns" link add "v-$host" type veth peer name eth0 netns "$ns"
        ip -n "$bridge_ns" link set "v-$host" master br0
        ip -n "$bridge_ns" link set "v-$host" up
        ip -n "$ns" addr add "$(addr_of "$host")/24" dev eth0
        ip -n "$ns" link set eth0 up
    done
    trap - ERR
}

down() {
    local ns pid
    for ns in "${hosts[@]/#/$prefix-}" "$bridge_ns"; do
        ns_exists "$ns" || continue
        # A namespace whose processes still run would linger after `ip netns del` (it only drops the
        # name): kill what still runs in it. Only our namespaces are touched, never a process by name.
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
        ip netns del "$ns"
    done
}

# A cut disables the host's port on the bridge (STP port state "disabled"): the bridge then drops every
# frame from and to that port, both ways. Unlike setting a link down, both veth ends keep their carrier,
# so the host notices nothing locally: no route goes away, no socket gets an error, no RST is sent. Its
# TCP connections stay open and simply stop hearing from the other side, as when a switch or a cable in
# the middle of a real network fails; after healing, the retransmissions get through again. (A tc drop
# filter would do the same but needs the cls_matchall module, which minimal kernels lack; the bridge
# port state is built into the bridge itself.)
cut() {
    local port="v-$1"
    addr_of "$1" >/dev/null
    ip -n "$bridge_ns" link show "$port" >/dev/null 2>&1 || die "no host $1 (run: $0 up)"
    bridge -n "$bridge_ns" link set dev "$port" state 0
}

heal() {
    local port="v-$1"
    addr_of "$1" >/dev/null
    ip -n "$bridge_ns" link show "$port" >/dev/null 2>&1 || die "no host $1 (run: $0 up)"
    # 3 = forwarding; with STP off the port forwards at once. Healing a healed host is harmless.
    bridge -n "$bridge_ns" link set dev "$port" state 3
}

status() {
    local host
    for host in "${hosts[@]}"; do
        local ns="$prefix-$host" state="missing"
        if ns_exists "$ns"; then
            state="up"
            if bridge -n "$bridge_ns" link show dev "v-$host" 2>/dev/null | grep -q "state disabled"; then
                state="CUT"
            fi
        fi
        printf '%-14s %-12s %s\n' "$ns" "$(addr_of "$host")" "$state"
    done
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    cut) [ $# -eq 2 ] || die "usage: $0 cut HOST"; cut "$2" ;;
    heal) [ $# -eq 2 ] || die "usage: $0 heal HOST"; heal "$2" ;;
    status) status ;;
    addr) [ $# -eq 2 ] || die "usage: $0 addr HOST"; addr_of "$2" ;;
    *) die "usage: $0 up|down|cut HOST|heal HOST|status|addr HOST" ;;
esac
