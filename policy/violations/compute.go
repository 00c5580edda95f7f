package violations

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

var (
	subnetA = pulumi.String("subnet-0a")
	subnetB = pulumi.String("subnet-0b")
)

// cluster registers two EKS clusters and node groups, and two pod roles'
// policies.
func cluster(x *b, key *res, _ *prov) {
	role := pulumi.String("arn:aws:iam::123456789012:role/eks")
	eks := func(name string, public bool, logs pulumi.StringArray) *res {
		vpc := pulumi.Map{"subnetIds": pulumi.StringArray{subnetA, subnetB}, "endpointPrivateAccess": pulumi.Bool(!public), "endpointPublicAccess": pulumi.Bool(public)}
		return x.reg("aws:eks/cluster:Cluster", name, pulumi.Map{
			"roleArn": role, "vpcConfig": vpc, "enabledClusterLogTypes": logs,
			"accessConfig":     pulumi.Map{"authenticationMode": pulumi.String("API")},
			"encryptionConfig": pulumi.Map{"resources": pulumi.StringArray{pulumi.String("secrets")}, "provider": pulumi.Map{"keyArn": key.Arn}},
		})
	}
	all := pulumi.StringArray{}
	for _, l := range []string{"api", "audit", "authenticator", "controllerManager", "scheduler"} {
		all = append(all, pulumi.String(l))
	}
	good := eks("eks-good", false, all)
	eks("eks-bad", true, nil)

	lt := x.reg("aws:ec2/launchTemplate:LaunchTemplate", "nodes-good-lt", pulumi.Map{
		"metadataOptions": pulumi.Map{"httpTokens": pulumi.String("required"), "httpPutResponseHopLimit": pulumi.Int(2)},
		"blockDeviceMappings": pulumi.Array{pulumi.Map{"deviceName": pulumi.String("/dev/xvda"), "ebs": pulumi.Map{
			"encrypted": pulumi.String("true"), "kmsKeyId": key.Arn, "volumeType": pulumi.String("gp3"), "volumeSize": pulumi.Int(50),
		}}},
	})
	nodes := func(name string, extra pulumi.Map) {
		m := pulumi.Map{
			"clusterName": good.ID().ToStringOutput(), "nodeRoleArn": pulumi.String("arn:aws:iam::123456789012:role/nodes"),
			"subnetIds":     pulumi.StringArray{subnetA, subnetB},
			"scalingConfig": pulumi.Map{"desiredSize": pulumi.Int(1), "minSize": pulumi.Int(1), "maxSize": pulumi.Int(2)},
		}
		for k, v := range extra {
			m[k] = v
		}
		x.reg("aws:eks/nodeGroup:NodeGroup", name, m)
	}
	nodes("nodes-good", pulumi.Map{"launchTemplate": pulumi.Map{"id": id(lt), "version": pulumi.String("$Latest")}})
	nodes("nodes-bad", pulumi.Map{"remoteAccess": pulumi.Map{"ec2SshKey": pulumi.String("ops")}})

	podRole := x.reg("aws:iam/role:Role", "pod-role", pulumi.Map{"assumeRolePolicy": pulumi.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity",` +
			`"Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X"},` +
			`"Condition":{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/X:sub":"system:serviceaccount:app:web"}}}]}`)})
	policy := func(name, resource string) {
		x.reg("aws:iam/rolePolicy:RolePolicy", name, pulumi.Map{"role": podRole.ID().ToStringOutput(), "policy": pulumi.String(
			`{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"` + resource + `"}]}`)})
	}
	policy("pod-policy-good", "arn:aws:s3:::files/*")
	policy("pod-policy-bad", "*")
}

func container(complete bool) pulumi.Map {
	c := pulumi.Map{"name": pulumi.String("app"), "image": pulumi.String("app:1.0.0")}
	if !complete {
		return c
	}
	probe := pulumi.Map{"httpGet": pulumi.Map{"path": pulumi.String("/healthz"), "port": pulumi.Int(8080)}}
	both := pulumi.Map{"cpu": pulumi.String("100m"), "memory": pulumi.String("128Mi")}
	c["resources"] = pulumi.Map{"requests": both, "limits": both}
	c["livenessProbe"], c["readinessProbe"], c["startupProbe"] = probe, probe, probe
	c["securityContext"] = pulumi.Map{
		"allowPrivilegeEscalation": pulumi.Bool(false), "readOnlyRootFilesystem": pulumi.Bool(true),
		"capabilities": pulumi.Map{"drop": pulumi.StringArray{pulumi.String("ALL")}},
	}
	return c
}

// kubernetes registers two Deployments and two ConfigMaps.
func kubernetes(x *b, _ *res, _ *prov) {
	deploy := func(name string, complete bool, edit ...func(pulumi.Map)) {
		c := container(complete)
		for _, e := range edit {
			e(c)
		}
		pod := pulumi.Map{"containers": pulumi.Array{c}}
		if complete {
			pod["securityContext"] = pulumi.Map{"runAsNonRoot": pulumi.Bool(true), "seccompProfile": pulumi.Map{"type": pulumi.String("RuntimeDefault")}}
		}
		labels := pulumi.Map{"app": pulumi.String(name)}
		x.reg("kubernetes:apps/v1:Deployment", name, pulumi.Map{
			"apiVersion": pulumi.String("apps/v1"), "kind": pulumi.String("Deployment"),
			"metadata": pulumi.Map{"name": pulumi.String(name), "namespace": pulumi.String("default")},
			"spec": pulumi.Map{
				"selector": pulumi.Map{"matchLabels": labels},
				"template": pulumi.Map{"metadata": pulumi.Map{"labels": labels}, "spec": pod},
			},
		})
	}
	deploy("deploy-good", true)
	deploy("deploy-bad", false)
	// Complete, but the container overrides the pod's non-root user.
	deploy("deploy-root", true, func(c pulumi.Map) { c["securityContext"].(pulumi.Map)["runAsUser"] = pulumi.Int(0) })
	config := func(name string, value pulumi.Input) {
		x.reg("kubernetes:core/v1:ConfigMap", name, pulumi.Map{
			"apiVersion": pulumi.String("v1"), "kind": pulumi.String("ConfigMap"),
			"metadata": pulumi.Map{"name": pulumi.String(name), "namespace": pulumi.String("default")},
			"data":     pulumi.Map{"DATABASE_PASSWORD": value},
		})
	}
	config("config-good", pulumi.String("see-secrets-manager"))
	config("config-bad", pulumi.ToSecret(pulumi.String("hunter2")))
}
