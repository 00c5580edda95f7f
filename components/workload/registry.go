package workload

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/kmskey"
)

// registryKey creates the key the ECR repositories are encrypted with.
func (b *builder) registryKey() error {
	if b.args.ExternalRegistry != "" {
		return nil
	}
	key, err := kmskey.New(b.ctx, b.name+"-ecr", kmskey.Args{
		Env:         b.env,
		Description: fmt.Sprintf("ECR repositories of workload %s", b.name),
		Tags:        b.tags,
	}, b.parent)
	if err != nil {
		return err
	}
	b.keyArn = key.Key.Arn
	return nil
}

// lifecyclePolicy keeps the newest keep images and drops untagged ones
// after a day.
func lifecyclePolicy(keep int) string {
	return fmt.Sprintf(`{"rules":[`+
		`{"rulePriority":1,"description":"expire untagged images after 1 day","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}},`+
		`{"rulePriority":2,"description":"keep the newest %d images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":%d},"action":{"type":"expire"}}]}`, keep, keep)
}

// repository creates the service's ECR repository and returns the image
// reference the Deployment uses.
func (b *builder) repository(s Service) (image, repoURL pulumi.StringInput, err error) {
	repo, ref, _ := SplitImage(s.Image)
	if b.args.ExternalRegistry != "" {
		_ = repo
		return pulumi.String(s.Image), pulumi.String(""), nil
	}
	n := b.name + "-" + s.Name
	r, err := ecr.NewRepository(b.ctx, n, &ecr.RepositoryArgs{
		Name:               pulumi.String(n),
		ImageTagMutability: pulumi.String("IMMUTABLE"),
		ImageScanningConfiguration: ecr.RepositoryImageScanningConfigurationArgs{
			ScanOnPush: pulumi.Bool(true),
		},
		EncryptionConfigurations: ecr.RepositoryEncryptionConfigurationArray{ecr.RepositoryEncryptionConfigurationArgs{
			EncryptionType: pulumi.String("KMS"),
			KmsKey:         b.keyArn,
		}},
		Tags: b.tagged(n),
	}, b.parent)
	if err != nil {
		return nil, nil, fmt.Errorf("ecr repository: %w", err)
	}
	if _, err := ecr.NewLifecyclePolicy(b.ctx, n, &ecr.LifecyclePolicyArgs{
		Repository: r.Name,
		Policy:     pulumi.String(lifecyclePolicy(b.args.ImageRetentionCount)),
	}, b.parent); err != nil {
		return nil, nil, fmt.Errorf("ecr lifecycle policy: %w", err)
	}
	img := r.RepositoryUrl.ApplyT(func(u string) string { return u + ref }).(pulumi.StringOutput)
	return img, r.RepositoryUrl, nil
}
