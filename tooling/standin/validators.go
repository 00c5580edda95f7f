package standin

import (
	"fmt"
	"net"
	"strings"
)

// parseARN mirrors aws-sdk-go's arn.Parse errors, which verify.ValidARN
// (terraform-provider-aws internal/verify/validate.go) reports.
func parseARN(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return "arn: invalid prefix"
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		return "arn: not enough sections"
	}
	if parts[1] == "" {
		return "missing partition value"
	}
	if parts[5] == "" {
		return "missing resource value"
	}
	return ""
}

// cidrReason mirrors verify.ValidateIPv4CIDRBlock
// (terraform-provider-aws internal/verify/validate.go).
func cidrReason(_ string, s string) string {
	ip, ipnet, err := net.ParseCIDR(s)
	if err != nil {
		return fmt.Sprintf("%q is not a valid CIDR block: %s", s, err)
	}
	if ip.To4() == nil {
		return fmt.Sprintf("%q is not a valid IPv4 CIDR block", s)
	}
	if ipnet.String() != s {
		return fmt.Sprintf("%q is not a valid IPv4 CIDR block; did you mean %q?", s, ipnet)
	}
	return ""
}
