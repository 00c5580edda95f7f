// Package tags builds the tag sets every component puts on its resources.
package tags

import (
	"maps"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Component returns base merged with {"component": component}. base wins for
// every other key; the component key always names the component.
func Component(base map[string]string, component string) map[string]string {
	out := make(map[string]string, len(base)+1)
	maps.Copy(out, base)
	out["component"] = component
	return out
}

// Named returns set plus a Name tag, as a Pulumi input. AWS consoles show the
// Name tag, so every resource gets one derived from its logical name.
func Named(set map[string]string, name string) pulumi.StringMap {
	out := make(pulumi.StringMap, len(set)+1)
	for k, v := range set {
		out[k] = pulumi.String(v)
	}
	out["Name"] = pulumi.String(name)
	return out
}

// BackupKey and BackupValue mark the stateful resources (databases,
// buckets, caches) that AWS Backup plans select by tag. Data components
// put this tag on what they create; the backup component selects it.
const (
	BackupKey   = "backup"
	BackupValue = "true"
)
