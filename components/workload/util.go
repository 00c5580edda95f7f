package workload

import "net/netip"

func netipPrefix(s string) (netip.Prefix, error) { return netip.ParsePrefix(s) }
