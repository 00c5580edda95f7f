// Package awsutil holds the small AWS helpers every component shares: the
// account/region/partition a component deploys into and IAM policy
// documents built as typed values rather than string templates.
package awsutil

import (
	"fmt"
	"sync"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Env is where a component's resources land.
type Env struct {
	AccountID string
	Region    string
	Partition string
	DNSSuffix string
}

// Lookup asks the (inherited) AWS provider for account, region and
// partition. Pass pulumi.Parent(component) so that a component given a
// provider for another region reports that region. The three invokes run
// at once: each blocks the program, which registers nothing meanwhile, so
// their latency adds up over every component and delays the whole deploy.
func Lookup(ctx *pulumi.Context, opts ...pulumi.InvokeOption) (Env, error) {
	var (
		wg                     sync.WaitGroup
		id                     *aws.GetCallerIdentityResult
		region                 *aws.GetRegionResult
		part                   *aws.GetPartitionResult
		idErr, regionErr, pErr error
	)
	wg.Add(3)
	go func() { defer wg.Done(); id, idErr = aws.GetCallerIdentity(ctx, nil, opts...) }()
	go func() { defer wg.Done(); region, regionErr = aws.GetRegion(ctx, nil, opts...) }()
	go func() { defer wg.Done(); part, pErr = aws.GetPartition(ctx, nil, opts...) }()
	wg.Wait()
	switch {
	case idErr != nil:
		return Env{}, fmt.Errorf("looking up caller identity: %w", idErr)
	case regionErr != nil:
		return Env{}, fmt.Errorf("looking up region: %w", regionErr)
	case pErr != nil:
		return Env{}, fmt.Errorf("looking up partition: %w", pErr)
	}
	return Env{AccountID: id.AccountId, Region: region.Name, Partition: part.Partition, DNSSuffix: part.DnsSuffix}, nil
}

// RootARN is the account principal ("arn:aws:iam::123456789012:root").
func (e Env) RootARN() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", e.Partition, e.AccountID)
}

// ServicePrincipal is the regional principal of an AWS service
// ("logs" -> "logs.eu-west-1.amazonaws.com").
func (e Env) ServicePrincipal(service string) string {
	return fmt.Sprintf("%s.%s.%s", service, e.Region, e.DNSSuffix)
}

// ARN builds an ARN in this account and region.
func (e Env) ARN(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", e.Partition, service, e.Region, e.AccountID, resource)
}

// EndpointService is the VPC endpoint service name ("com.amazonaws.<region>.<svc>").
func (e Env) EndpointService(service string) string {
	return fmt.Sprintf("com.amazonaws.%s.%s", e.Region, service)
}
