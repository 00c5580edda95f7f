package tests

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// ecrImage is one image of a repository: its tags (none: untagged) and
// its age in days.
type ecrImage struct {
	tags []string
	age  int
}

// ecrRule is a lifecycle rule as ECR reads it.
type ecrRule struct {
	RulePriority int `json:"rulePriority"`
	Selection    struct {
		TagStatus      string   `json:"tagStatus"`
		TagPatternList []string `json:"tagPatternList"`
		TagPrefixList  []string `json:"tagPrefixList"`
		CountType      string   `json:"countType"`
		CountNumber    int      `json:"countNumber"`
	} `json:"selection"`
}

// ecrExpire evaluates a lifecycle policy on images (newest first) the way
// the ECR User Guide describes it ("Lifecycle policy evaluation rules"):
// each image belongs to the rule of highest priority (lowest number)
// whose tag selection matches it, and only that rule may expire it;
// imageCountMoreThan expires a rule's images beyond the newest N,
// sinceImagePushed those older than N days. It returns the expired images'
// indexes.
func ecrExpire(t *testing.T, policy string, images []ecrImage) map[int]bool {
	t.Helper()
	var p struct{ Rules []ecrRule }
	require.NoError(t, json.Unmarshal([]byte(policy), &p), policy)
	slices.SortFunc(p.Rules, func(a, b ecrRule) int { return a.RulePriority - b.RulePriority })
	matches := func(r ecrRule, im ecrImage) bool {
		s := r.Selection
		switch s.TagStatus {
		case "any":
			return true
		case "untagged":
			return len(im.tags) == 0
		}
		for _, tag := range im.tags {
			for _, pat := range s.TagPatternList {
				if ok, _ := path.Match(pat, tag); ok {
					return true
				}
			}
			for _, pre := range s.TagPrefixList {
				if strings.HasPrefix(tag, pre) {
					return true
				}
			}
		}
		return false
	}
	owned := make([][]int, len(p.Rules))
	for i, im := range images {
		for r := range p.Rules {
			if matches(p.Rules[r], im) {
				owned[r] = append(owned[r], i)
				break
			}
		}
	}
	expired := map[int]bool{}
	for r, rule := range p.Rules {
		for n, i := range owned[r] { // newest first
			switch rule.Selection.CountType {
			case "imageCountMoreThan":
				expired[i] = expired[i] || n >= rule.Selection.CountNumber
			case "sinceImagePushed":
				expired[i] = expired[i] || images[i].age > rule.Selection.CountNumber
			}
		}
	}
	return expired
}

// ecrHistory is a repository after many releases: 120 tagged images
// pushed a day apart (newest first) with two untagged leftovers, where the
// image that runs is the oldest (a service nobody redeployed for months).
func ecrHistory(deployed string) []ecrImage {
	var images []ecrImage
	for i := range 120 {
		images = append(images, ecrImage{tags: []string{fmt.Sprintf("2.%d.0", 119-i)}, age: i})
	}
	images[119].tags = []string{deployed}
	return append(images, ecrImage{age: 3}, ecrImage{age: 0})
}

// TestECRLifecycleNeverExpiresTheDeployedImage: on every stack, each
// service repository's lifecycle policy, evaluated with ECR's rules on a
// long history, keeps the image the Deployment runs, keeps no more than
// the retention count besides it, and expires untagged leftovers after a
// day. The evaluation is checked against the old policy (keep the newest
// N of any tag), which expired the running image and made rescheduled
// pods fail to pull.
func TestECRLifecycleNeverExpiresTheDeployedImage(t *testing.T) {
	keep := workload.Settings{}.WithDefaults().ImageRetentionCount
	old := fmt.Sprintf(`{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":1}},{"rulePriority":2,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":%d}}]}`, keep)
	require.True(t, ecrExpire(t, old, ecrHistory("1.0.0"))[119], "the evaluation must expire the running image under the old policy")

	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		policies := g.ByType("aws:ecr/lifecyclePolicy:LifecyclePolicy")
		require.NotEmpty(t, policies, stack)
		for _, d := range g.ByType(computeTDeployment) {
			image := computeContainers(d)[0]["image"].(string)
			_, ref, err := workload.SplitImage(image)
			require.NoError(t, err)
			tag := strings.TrimPrefix(ref, ":")
			pol := g.Named("aws:ecr/lifecyclePolicy:LifecyclePolicy", d.Name)
			if !assert.NotNil(t, pol, "%s: %s has no lifecycle policy", stack, d.Name) {
				continue
			}
			images := ecrHistory(tag)
			expired := ecrExpire(t, pol.Str("policy"), images)
			assert.False(t, expired[119], "%s %s: the lifecycle expires the running image %s", stack, d.Name, tag)
			kept := 0
			for i, im := range images {
				if !expired[i] && len(im.tags) > 0 {
					kept++
				}
			}
			assert.LessOrEqual(t, kept, keep+1, "%s %s: %d tagged images kept", stack, d.Name, kept)
			assert.True(t, expired[120], "%s %s: an untagged image of 3 days is kept", stack, d.Name)
			assert.False(t, expired[121], "%s %s: an untagged image of today is expired", stack, d.Name)
		}
	}
}
