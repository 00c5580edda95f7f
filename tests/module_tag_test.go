package tests

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	modversion "golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// TestModuleIsGettableAtATag: what `go get
// github.com/webplatform-dev/webplatform@vX.Y.Z` downloads after a release
// tag (docs/VERSIONING.md) is a valid module that a consumer module
// resolves and type-checks against. The module zip is made from the
// checkout's HEAD (committed files only) as the Go toolchain makes it from a tag (x/mod/zip:
// nested modules such as examples/ left out, size and file-name limits),
// served from a file proxy in front of the configured one, and a scratch
// consumer `go get`s it and vets a program using two components. A file
// the zip rules refuse, a nested module that breaks the build, or a go.mod
// a consumer cannot resolve fails here.
func TestModuleIsGettableAtATag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a consumer module (about a minute)")
	}
	root := harness.Root(t)
	const path = "github.com/webplatform-dev/webplatform"
	// A pseudo-version of HEAD: a fixed tag name would be answered from
	// the module cache by the zip of an earlier HEAD.
	head := strings.Fields(gitOutput(t, root, "log", "-1", "--date=format-local:%Y%m%d%H%M%S", "--format=%cd %H"))
	version := "v0.0.0-" + head[0] + "-" + head[1][:12]
	proxy := t.TempDir()
	dir := filepath.Join(proxy, path, "@v")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	var zip bytes.Buffer
	if err := modzip.CreateFromVCS(&zip, modversion.Version{Path: path, Version: version}, root, "HEAD", ""); err != nil {
		t.Fatalf("the module zip of HEAD: %v", err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod")) //nolint:gosec // the repository's own go.mod
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"list": []byte(version + "\n"), version + ".info": []byte(`{"Version":"` + version + `"}`),
		version + ".mod": gomod, version + ".zip": zip.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	consumer := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(consumer, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/consumer\n\ngo 1.26\n")
	write("main.go", `package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/network"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, err := network.NewNetwork(ctx, "net", &network.NetworkArgs{})
		if err != nil {
			return err
		}
		_, err = database.NewDatabase(ctx, "db", &database.DatabaseArgs{Wiring: database.Wiring{
			VpcId: net.VpcId, SubnetIds: net.IsolatedSubnetIds, AvailabilityZones: net.AvailabilityZones,
		}})
		return err
	})
}
`)
	upstream := strings.TrimSpace(goOutput(t, root, "env", "GOPROXY"))
	env := append(os.Environ(), "GOPROXY=file://"+proxy+","+upstream, "GOFLAGS=-mod=mod",
		"GONOSUMDB="+path, "GONOSUMCHECK=1", "GOPRIVATE=", "GONOPROXY=", "GOWORK=off")
	for _, args := range [][]string{{"get", path + "@" + version}, {"mod", "tidy"}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = consumer, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("consumer: go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	sum, err := os.ReadFile(filepath.Join(consumer, "go.sum")) //nolint:gosec // our temp dir
	if err != nil || !bytes.Contains(sum, []byte(path+" "+version+" h1:")) {
		t.Errorf("the consumer's go.sum does not record %s@%s: %v", path, version, err)
	}
	t.Logf("module zip of HEAD: %d KiB; a consumer got %s@%s and vetted a program with two components", zip.Len()/1024, path, version)
}

func goOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return output(t, dir, nil, "go", args...)
}

func gitOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return output(t, dir, []string{"TZ=UTC"}, "git", args...)
}

func output(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}
