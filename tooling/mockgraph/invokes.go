package mockgraph

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// InvokeResult answers a data-source call the way a real account in region
// would. An invoke the model does not know is an error, so neither the
// offline plan nor the stand-in provider runs on silently empty data.
func InvokeResult(token string, args resource.PropertyMap, region string) (resource.PropertyMap, error) {
	fn, ok := invokes[token]
	if !ok {
		return nil, fmt.Errorf("mockgraph: no mock for invoke %s (add one in tooling/mockgraph/invokes.go)", token)
	}
	return resource.NewPropertyMapFromMap(fn(args, region)), nil
}

// invokes are the data sources the program calls, with the answers a real
// account would give. Keep them realistic: components derive names, ARNs and
// policies from them.
var invokes = map[string]func(args resource.PropertyMap, region string) map[string]any{
	"aws:ec2/getManagedPrefixList:getManagedPrefixList": managedPrefixList,
	"aws:index/getCallerIdentity:getCallerIdentity": func(resource.PropertyMap, string) map[string]any {
		return map[string]any{
			"accountId": Account,
			"arn":       "arn:aws:iam::" + Account + ":role/deployer",
			"userId":    "AROAEXAMPLE:deployer",
			"id":        Account,
		}
	},
	"aws:index/getPartition:getPartition": func(resource.PropertyMap, string) map[string]any {
		return map[string]any{"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws", "reverseDnsPrefix": "com.amazonaws"}
	},
	"aws:index/getRegion:getRegion": func(_ resource.PropertyMap, region string) map[string]any {
		return map[string]any{"name": region, "id": region, "region": region, "endpoint": "ec2." + region + ".amazonaws.com", "description": region}
	},
	"aws:index/getAvailabilityZones:getAvailabilityZones": func(_ resource.PropertyMap, region string) map[string]any {
		var names, ids []any
		for i, s := range "abcdef" {
			names = append(names, region+string(s))
			ids = append(ids, fmt.Sprintf("use1-az%d", i+1))
		}
		return map[string]any{"names": names, "zoneIds": ids, "id": region, "state": "available"}
	},
}
