package workload

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/irsa"
)

// DatabaseUsersName names the bootstrap Job's namespace
// (Settings.Namespace(DatabaseUsersName)) and its service account.
const DatabaseUsersName = "db-users"

// Images of the bootstrap Job.
const (
	DefaultDatabaseClientImage = "public.ecr.aws/docker/library/postgres:16.6-alpine"
	DefaultAWSCLIImage         = "public.ecr.aws/aws-cli/aws-cli:2.22.35"
)

// DatabaseUser is the PostgreSQL user of the service named service:
// "svc_" and the name with hyphens as underscores (service names are
// lower-case letters, digits and hyphens, so the user needs no quoting).
func DatabaseUser(service string) string {
	return "svc_" + strings.ReplaceAll(service, "-", "_")
}

// DatabaseUserArn is the resource rds-db:connect names for user on the
// cluster whose resource id is resourceID.
func DatabaseUserArn(env awsutil.Env, resourceID, user string) string {
	return fmt.Sprintf("arn:%s:rds-db:%s:%s:dbuser:%s/%s", env.Partition, env.Region, env.AccountID, resourceID, user)
}

// BootstrapPolicy lets the bootstrap Job read the master secret and
// decrypt it, through Secrets Manager only.
func BootstrapPolicy(env awsutil.Env, secretArn, keyArn string) awsutil.PolicyDocument {
	return awsutil.Policy(
		awsutil.Statement{Sid: "ReadMasterSecret", Effect: "Allow",
			Action: []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, Resource: secretArn},
		awsutil.Statement{Sid: "DecryptMasterSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn,
			Condition: map[string]map[string]any{"StringEquals": {"kms:ViaService": env.ServicePrincipal("secretsmanager")}}},
	)
}

// bootstrapScript creates each user in SERVICE_USERS (idempotently), lets
// it log in with IAM (rds_iam) and gives it a schema of its own. The
// master secret is read by the init container into a memory volume; RDS
// generates master passwords without '"', '/', '@' or spaces, so sed can
// take them out of the JSON.
const bootstrapScript = `set -eu
field() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" /secret/master.json; }
PGUSER="$(field username)"; PGPASSWORD="$(field password)"; export PGUSER PGPASSWORD
rm -f /secret/master.json
for u in $SERVICE_USERS; do
  psql -v ON_ERROR_STOP=1 -v u="$u" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'u') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'u') \gexec
SELECT format('GRANT rds_iam TO %I', :'u') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'u') \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'u', :'u') \gexec
SQL
done
`

// databaseUsers creates the bootstrap Job that makes every service's
// database user, with its own namespace, service account and IRSA role
// (the only role that reads the master secret).
func (b *builder) databaseUsers() error {
	d := b.wiring.Database
	if d == nil || len(b.dbUsers) == 0 {
		return nil
	}
	n, ns := b.name+"-"+DatabaseUsersName, b.set.Namespace(DatabaseUsersName)
	labels := pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(DatabaseUsersName), "app.kubernetes.io/part-of": pulumi.String(b.name)}
	namespace, err := corev1.NewNamespace(b.ctx, n, &corev1.NamespaceArgs{Metadata: &metav1.ObjectMetaArgs{
		Name: pulumi.String(ns),
		Labels: pulumi.StringMap{
			"app.kubernetes.io/part-of":          pulumi.String(b.name),
			"pod-security.kubernetes.io/enforce": pulumi.String("restricted"),
			"pod-security.kubernetes.io/audit":   pulumi.String("restricted"),
			"pod-security.kubernetes.io/warn":    pulumi.String("restricted"),
		},
	}}, b.parent, b.kube, pulumi.DependsOn(b.wiring.KubeDependsOn))
	if err != nil {
		return fmt.Errorf("database users namespace: %w", err)
	}
	inNS := pulumi.DependsOn([]pulumi.Resource{namespace})
	role, err := irsa.NewRole(b.ctx, n, irsa.RoleArgs{
		ProviderArn: b.wiring.OidcProviderArn, IssuerURL: b.wiring.OidcProviderUrl, Namespace: ns, ServiceAccount: DatabaseUsersName,
		Description: "Creates the database users of the services of " + b.name, Tags: b.tagged(n),
	}, b.parent)
	if err != nil {
		return err
	}
	policy := pulumi.All(d.MasterSecretArn, d.MasterSecretKeyArn).ApplyT(func(v []any) string {
		return BootstrapPolicy(b.env, v[0].(string), v[1].(string)).JSON()
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(b.ctx, n, &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, b.parent); err != nil {
		return fmt.Errorf("database users role policy: %w", err)
	}
	sa, err := corev1.NewServiceAccount(b.ctx, n, &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(DatabaseUsersName), Namespace: pulumi.String(ns), Labels: labels,
			Annotations: pulumi.StringMap{"eks.amazonaws.com/role-arn": role.Arn}},
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, b.parent, b.kube, inNS)
	if err != nil {
		return fmt.Errorf("database users service account: %w", err)
	}
	if err := b.bootstrapNetworkPolicy(n, ns, labels, inNS); err != nil {
		return err
	}
	return b.bootstrapJob(n, ns, labels, sa, inNS)
}

// bootstrapNetworkPolicy gives the Job the pod network of a service
// that uses only the database and serves nothing: its own pod security
// group (the database admits it; a SecurityGroupPolicy selects the Job's
// pods), a default-deny NetworkPolicy and egress to DNS, the database's
// subnets and the AWS API endpoints (STS, Secrets Manager), or HTTPS to
// the internet where the VPC has no interface endpoints.
func (b *builder) bootstrapNetworkPolicy(n, ns string, labels pulumi.StringMap, inNS pulumi.ResourceOption) error {
	v := &svc{builder: b, job: true, n: n, ns: ns, labels: labels, inNS: inNS,
		s:        Service{Name: DatabaseUsersName, DataStores: []string{StoreDatabase}, AllowInternetEgress: b.wiring.EndpointSecurityGroupId == nil},
		selector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(DatabaseUsersName)}},
	}
	if b.wiring.VpcId != nil {
		if err := v.podSecurityGroup(); err != nil {
			return err
		}
	}
	_, err := networkingv1.NewNetworkPolicy(b.ctx, n, &networkingv1.NetworkPolicyArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(DatabaseUsersName), Namespace: pulumi.String(ns), Labels: labels},
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: &metav1.LabelSelectorArgs{},
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
			Egress:      v.egressRules(),
		},
	}, b.parent, b.kube, inNS)
	if err != nil {
		return fmt.Errorf("database users network policy: %w", err)
	}
	return nil
}

// restricted is the container security context of Pod Security
// "restricted", as the services' containers have it.
func restricted() *corev1.SecurityContextArgs {
	return &corev1.SecurityContextArgs{
		RunAsNonRoot:             pulumi.Bool(true),
		ReadOnlyRootFilesystem:   pulumi.Bool(true),
		AllowPrivilegeEscalation: pulumi.Bool(false),
		Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
		SeccompProfile:           &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
	}
}

// bootstrapJob runs the script. The Job is auto-named: a change to its
// pod template (a new service) replaces it with a new Job, created before
// the old one is deleted, without a name collision.
func (b *builder) bootstrapJob(n, ns string, labels pulumi.StringMap, sa *corev1.ServiceAccount, inNS pulumi.ResourceOption) error {
	d, s := b.wiring.Database, b.set
	env := func(name string, v pulumi.StringInput) corev1.EnvVarArgs {
		return corev1.EnvVarArgs{Name: pulumi.String(name), Value: v}
	}
	small := &corev1.ResourceRequirementsArgs{
		Requests: pulumi.StringMap{"cpu": pulumi.String("50m"), "memory": pulumi.String("64Mi")},
		Limits:   pulumi.StringMap{"cpu": pulumi.String("500m"), "memory": pulumi.String("256Mi")},
	}
	volumes := corev1.VolumeMountArray{
		corev1.VolumeMountArgs{Name: pulumi.String("secret"), MountPath: pulumi.String("/secret")},
		corev1.VolumeMountArgs{Name: pulumi.String("tmp"), MountPath: pulumi.String("/tmp")},
	}
	_, err := batchv1.NewJob(b.ctx, n, &batchv1.JobArgs{
		Metadata: &metav1.ObjectMetaArgs{Namespace: pulumi.String(ns), Labels: labels},
		Spec: &batchv1.JobSpecArgs{
			BackoffLimit: pulumi.Int(6),
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: labels},
				Spec: &corev1.PodSpecArgs{
					ServiceAccountName:           sa.Metadata.Name().Elem(),
					AutomountServiceAccountToken: pulumi.Bool(false),
					RestartPolicy:                pulumi.String("OnFailure"),
					SecurityContext: &corev1.PodSecurityContextArgs{
						RunAsNonRoot: pulumi.Bool(true), RunAsUser: pulumi.Int(RunAsUser), RunAsGroup: pulumi.Int(RunAsUser), FsGroup: pulumi.Int(RunAsUser),
						SeccompProfile: &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
					},
					Volumes: corev1.VolumeArray{
						corev1.VolumeArgs{Name: pulumi.String("secret"), EmptyDir: &corev1.EmptyDirVolumeSourceArgs{Medium: pulumi.String("Memory"), SizeLimit: pulumi.String("1Mi")}},
						corev1.VolumeArgs{Name: pulumi.String("tmp"), EmptyDir: &corev1.EmptyDirVolumeSourceArgs{SizeLimit: pulumi.String("64Mi")}},
					},
					InitContainers: corev1.ContainerArray{corev1.ContainerArgs{
						Name: pulumi.String("master-secret"), Image: pulumi.String(s.AWSCLIImage),
						Command: pulumi.StringArray{pulumi.String("sh"), pulumi.String("-c"),
							pulumi.String(`aws secretsmanager get-secret-value --secret-id "$MASTER_SECRET_ARN" --query SecretString --output text > /secret/master.json`)},
						Env:       corev1.EnvVarArray{env("MASTER_SECRET_ARN", d.MasterSecretArn), env("AWS_REGION", pulumi.String(b.env.Region)), env("HOME", pulumi.String("/tmp"))},
						Resources: small, SecurityContext: restricted(), VolumeMounts: volumes,
					}},
					Containers: corev1.ContainerArray{corev1.ContainerArgs{
						Name: pulumi.String("create-users"), Image: pulumi.String(s.DatabaseClientImage),
						Command: pulumi.StringArray{pulumi.String("sh"), pulumi.String("-c"), pulumi.String(bootstrapScript)},
						Env: corev1.EnvVarArray{
							env("PGHOST", d.Endpoint), env("PGPORT", pulumi.String(fmt.Sprint(cmp.Or(d.Port, 5432)))),
							env("PGDATABASE", pulumi.String(d.DatabaseName)), env("PGSSLMODE", pulumi.String("require")),
							env("SERVICE_USERS", pulumi.String(strings.Join(b.dbUsers, " "))), env("HOME", pulumi.String("/tmp")),
						},
						Resources: small, SecurityContext: restricted(), VolumeMounts: volumes,
					}},
				},
			},
		},
	}, b.parent, b.kube, inNS)
	if err != nil {
		return fmt.Errorf("database users job: %w", err)
	}
	return nil
}
