package workload

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/kmskey"
)

// registryKey creates the key the ECR repositories are encrypted with.
func (b *builder) registryKey() error {
	if b.set.ExternalRegistry != "" {
		return nil
	}
	key, err := kmskey.New(b.ctx, b.name+"-ecr", kmskey.Args{
		Env:         b.env,
		Alias:       b.phys + "-ecr",
		Description: fmt.Sprintf("ECR repositories of workload %s", b.name),
		Services:    []string{"ecr"},
		Tags:        b.tags,
	}, b.parent)
	if err != nil {
		return err
	}
	b.keyArn = key.Key.Arn
	return nil
}

// LifecyclePolicy is the ECR lifecycle policy of a service's repository
// deployed at tag: the deployed image is never expired, untagged images go
// after a day, and of the rest the newest keep stay. ECR gives each image
// to the highest-priority rule whose tag selection matches it, and a lower
// rule cannot expire an image a higher rule selects (ECR User Guide,
// "Lifecycle policy evaluation rules"): rule 1 selects exactly the deployed
// tag (tags are immutable here, so one image) and keeps up to one image,
// so the "any" rule can no longer expire the image that runs, however many
// newer images are pushed.
func LifecyclePolicy(keep int, tag string) string {
	return fmt.Sprintf(`{"rules":[`+
		`{"rulePriority":1,"description":"never expire the deployed image %[2]s","selection":{"tagStatus":"tagged","tagPatternList":[%[2]q],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},`+
		`{"rulePriority":2,"description":"expire untagged images after 1 day","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}},`+
		`{"rulePriority":3,"description":"keep the newest %[1]d images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":%[1]d},"action":{"type":"expire"}}]}`, keep, tag)
}

// ExternalImage is the reference of image in registry: image itself when
// its repository is in registry ("ghcr.io/acme/web:1.2"), else, for a
// repository that names no registry host ("web:1.2", "team/web:1.2"), the
// repository in registry ("ghcr.io/acme/web:1.2"). An image of another
// registry is an error: it would not come from registry.
func ExternalImage(registry, image string) (string, error) {
	repo, ref, err := SplitImage(image)
	if err != nil {
		return "", err
	}
	registry = strings.TrimSuffix(registry, "/")
	if strings.HasPrefix(repo, registry+"/") {
		return image, nil
	}
	if host, _, found := strings.Cut(repo, "/"); found && (strings.ContainsAny(host, ".:") || host == "localhost") {
		return "", fmt.Errorf("%q is in registry %s, not in ExternalRegistry %s", image, host, registry)
	}
	return registry + "/" + repo + ref, nil
}

// repository creates the service's ECR repository and sets the image
// reference the Deployment uses: with an external registry the image in
// it (ExternalImage), else the repository URL with the image's tag or
// digest.
func (v *svc) repository() error {
	_, ref, err := SplitImage(v.s.Image)
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	if v.set.ExternalRegistry != "" {
		img, err := ExternalImage(v.set.ExternalRegistry, v.s.Image)
		if err != nil {
			return fmt.Errorf("image: %w", err)
		}
		v.image, v.repoURL = pulumi.String(img), pulumi.String("")
		return nil
	}
	n := v.n
	r, err := ecr.NewRepository(v.ctx, n, &ecr.RepositoryArgs{
		Name:               pulumi.String(v.phys + "-" + v.s.Name),
		ImageTagMutability: pulumi.String("IMMUTABLE"),
		ImageScanningConfiguration: ecr.RepositoryImageScanningConfigurationArgs{
			ScanOnPush: pulumi.Bool(true),
		},
		EncryptionConfigurations: ecr.RepositoryEncryptionConfigurationArray{ecr.RepositoryEncryptionConfigurationArgs{
			EncryptionType: pulumi.String("KMS"),
			KmsKey:         v.keyArn,
		}},
		Tags: v.tagged(n),
	}, v.parent)
	if err != nil {
		return fmt.Errorf("ecr repository: %w", err)
	}
	// By digest, the image may be untagged and no rule can select it: the
	// repository keeps every image rather than risk the running one.
	if tag, byTag := strings.CutPrefix(ref, ":"); byTag {
		if _, err := ecr.NewLifecyclePolicy(v.ctx, n, &ecr.LifecyclePolicyArgs{
			Repository: r.Name,
			Policy:     pulumi.String(LifecyclePolicy(v.set.ImageRetentionCount, tag)),
		}, v.parent); err != nil {
			return fmt.Errorf("ecr lifecycle policy: %w", err)
		}
	}
	v.image = r.RepositoryUrl.ApplyT(func(u string) string { return u + ref }).(pulumi.StringOutput)
	v.repoURL = r.RepositoryUrl
	return nil
}
