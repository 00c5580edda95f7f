package workload

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/provideropt"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:workload:Workload"

// Workload runs the application services in the cluster.
type Workload struct {
	pulumi.ResourceState

	// Namespaces maps service name to its namespace.
	Namespaces pulumi.StringMapOutput `pulumi:"namespaces"`
	// RoleArns maps service name to its IAM role (IRSA).
	RoleArns pulumi.StringMapOutput `pulumi:"roleArns"`
	// RepositoryUrls maps service name to its ECR repository URL (empty
	// with an external registry).
	RepositoryUrls pulumi.StringMapOutput `pulumi:"repositoryUrls"`

	// Services are the defaulted services, in config order.
	Services []Service
	// KubeServices are the Kubernetes Services by service name; bind load
	// balancer targets after them.
	KubeServices map[string]pulumi.Resource
	// Args are the defaulted arguments.
	Args WorkloadArgs
}

var _ pulumi.ComponentResource = (*Workload)(nil)

// NewWorkload validates args and creates every service. Kubernetes objects
// go through Args.KubernetesProvider, or else the provider given in opts.
func NewWorkload(ctx *pulumi.Context, name string, args *WorkloadArgs, opts ...pulumi.ResourceOption) (*Workload, error) {
	if args == nil {
		args = &WorkloadArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("workload %q: invalid arguments:\n%w", name, err)
	}
	w := &Workload{Args: a, Services: a.Services, KubeServices: map[string]pulumi.Resource{}}
	if err := ctx.RegisterComponentResource(TypeToken, name, w, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: a, w: w, tags: tags.Component(a.Tags, "workload"), parent: pulumi.Parent(w),
		kube: provideropt.Optional(a.KubernetesProvider)}
	var err error
	if b.env, err = awsutil.Lookup(ctx, pulumi.Parent(w)); err != nil {
		return nil, fmt.Errorf("workload %q: %w", name, err)
	}
	if err := b.registryKey(); err != nil {
		return nil, fmt.Errorf("workload %q: %w", name, err)
	}
	namespaces, roles, repos := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}
	for _, s := range a.Services {
		out, err := b.service(s)
		if err != nil {
			return nil, fmt.Errorf("workload %q: service %s: %w", name, s.Name, err)
		}
		namespaces[s.Name] = out.namespace
		roles[s.Name] = out.roleArn
		repos[s.Name] = out.repoURL
	}
	w.Namespaces = namespaces.ToStringMapOutput()
	w.RoleArns = roles.ToStringMapOutput()
	w.RepositoryUrls = repos.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(w, pulumi.Map{
		"namespaces":     w.Namespaces,
		"roleArns":       w.RoleArns,
		"repositoryUrls": w.RepositoryUrls,
	}); err != nil {
		return nil, err
	}
	return w, nil
}

type builder struct {
	ctx    *pulumi.Context
	name   string
	args   WorkloadArgs
	w      *Workload
	env    awsutil.Env
	tags   map[string]string
	parent pulumi.ResourceOption
	kube   pulumi.ResourceOption // the Kubernetes provider of Args, if any
	keyArn pulumi.StringOutput
}

func (b *builder) tagged(name string) pulumi.StringMap { return tags.Named(b.tags, name) }

type serviceOut struct {
	namespace, roleArn, repoURL pulumi.StringInput
}
