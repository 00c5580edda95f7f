#!/usr/bin/env bash
# The real Pulumi engine, offline: the CLI v3.259.0, the Go language host
# v3.66.0 and the YAML language host v1.25.0 built from the Go module proxy
# (tools/pulumi-cli, tools/pulumi-language-go, tools/pulumi-language-yaml),
# and this checkout's stand-in provider
# (cmd/standin-provider) installed as the aws, kubernetes and random plugins
# at the exact versions the program's SDKs request (go.mod).
#
#   scripts/engine.sh build   build the CLI and the hosts once (cached per user
#                             and version), and the stand-in from this checkout
#   scripts/engine.sh setup   build, then make a throwaway engine home under
#                             ./.cache/engine (bin, PULUMI_HOME with the
#                             plugins, a file backend) and write its env file
#   scripts/engine.sh env     print the env file path (KEY=VALUE lines; the
#                             engine tests read it from WEBPLATFORM_ENGINE_ENV)
#   scripts/engine.sh clean   remove ./.cache/engine (not the cached binaries)
#
# Overridable: ENGINE_CACHE (./.cache/engine), ENGINE_BIN_CACHE
# (~/.cache/webplatform: the CLI and hosts' binaries keyed by version, shared by
# every clone on the machine like the Go build cache).
#
# Measured on 2 shared cores: CLI cold build 4-5 min and 2.2 GB peak RSS
# (161 MB binary); Go host 48 s; YAML host 2.6 min and 0.63 GB peak RSS with
# an empty Go build cache (45 MB binary); stand-in a few seconds; setup with
# a warm cache about 5 s (three plugin installs).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${ENGINE_CACHE:-$ROOT/.cache/engine}
case "$CACHE" in /*) ;; *) CACHE=$ROOT/$CACHE ;; esac
BIN_CACHE=${ENGINE_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/webplatform}
CLI_VERSION=v3.259.0
LANG_VERSION=v3.66.0
CLI=$BIN_CACHE/pulumi-$CLI_VERSION
LANG_HOST=$BIN_CACHE/pulumi-language-go-$LANG_VERSION
YAML_VERSION=v1.25.0
YAML_HOST=$BIN_CACHE/pulumi-language-yaml-$YAML_VERSION
STANDIN=$CACHE/standin/pulumi-resource-standin
ENVFILE=$CACHE/env

log() { echo "engine.sh: $*" >&2; }

# sdk_version MODULE prints the version go.mod requires (without the v).
sdk_version() {
  local v
  v=$(sed -n "s|^[[:space:]]*$1 v\([0-9][^ ]*\).*|\1|p" "$ROOT/go.mod" | head -1)
  if [ -z "$v" ]; then log "go.mod does not require $1"; exit 1; fi
  echo "$v"
}

# build_tool OUT TOOLDIR PACKAGE LDFLAGS WHAT: build PACKAGE from the pinned
# scratch module tools/TOOLDIR into OUT once (cached per user and version).
build_tool() {
  local out=$1 dir=$2 pkg=$3 ldflags=$4 what=$5
  if [ -x "$out" ]; then return; fi
  log "building $what into $out"
  mkdir -p "$BIN_CACHE"
  (cd "$ROOT/tools/$dir" && go mod download &&
    go build -ldflags "$ldflags" -o "$out.tmp.$$" "$pkg")
  mv "$out.tmp.$$" "$out"
}

build_cli() {
  build_tool "$CLI" pulumi-cli github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$CLI_VERSION" \
    "the Pulumi CLI $CLI_VERSION (cold: ~5 min, ~2.2 GB)"
}

build_lang() {
  build_tool "$LANG_HOST" pulumi-language-go github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go "" \
    "the Go language host $LANG_VERSION (cold: ~1 min)"
}

# The YAML language host runs Pulumi YAML programs (runtime: yaml).
build_yaml_lang() {
  build_tool "$YAML_HOST" pulumi-language-yaml github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
    "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
    "the YAML language host $YAML_VERSION (cold: ~2.5 min, ~0.6 GB)"
}

# The stand-in is built from this checkout every time (seconds when the Go
# build cache is warm), so the plugins always match the code under test.
build_standin() {
  mkdir -p "$(dirname "$STANDIN")"
  (cd "$ROOT" && go build -o "$STANDIN.tmp.$$" ./cmd/standin-provider)
  mv "$STANDIN.tmp.$$" "$STANDIN"
}

build() { build_cli; build_lang; build_yaml_lang; build_standin; }

setup() {
  local t0 t1
  t0=$(date +%s)
  build
  t1=$(date +%s)
  local bin=$CACHE/bin home=$CACHE/home state=$CACHE/state
  mkdir -p "$bin" "$home" "$state"
  ln -sfn "$CLI" "$bin/pulumi"
  # The Go language host, with one addition: when WEBPLATFORM_PROGRAM_BINARY
  # is set it runs that prebuilt program instead of `go build`ing main.go
  # (the host's -binary flag). Pulumi.yaml's runtime.options.binary cannot
  # do this here: the v3.259.0 CLI sends runtime options inside the run
  # request, and the v3.66.0 host reads them only from its command line.
  rm -f "$bin/pulumi-language-go"
  cat > "$bin/pulumi-language-go" <<WRAPPER
#!/bin/sh
if [ -n "\${WEBPLATFORM_PROGRAM_BINARY:-}" ]; then
  exec "$LANG_HOST" -binary="\$WEBPLATFORM_PROGRAM_BINARY" "\$@"
fi
exec "$LANG_HOST" "\$@"
WRAPPER
  chmod +x "$bin/pulumi-language-go"
  # The YAML host, as is. It type-checks a program against each provider's
  # schema (GetSchema, or the cache file PULUMI_HOME/plugins/
  # schema-NAME-VERSION-.json), so a YAML program's provider resources
  # need a plugin that serves one.
  ln -sfn "$YAML_HOST" "$bin/pulumi-language-yaml"
  local aws k8s random
  aws=$(sdk_version github.com/pulumi/pulumi-aws/sdk/v6)
  k8s=$(sdk_version github.com/pulumi/pulumi-kubernetes/sdk/v4)
  random=$(sdk_version github.com/pulumi/pulumi-random/sdk/v4)
  local -a envs=(
    "PULUMI_HOME=$home"
    "PULUMI_BACKEND_URL=file://$state"
    "PULUMI_CONFIG_PASSPHRASE=webplatform-engine-tests"
    "PULUMI_SKIP_UPDATE_CHECK=true"
    "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
    # The file backend rewrites the whole state after every step: at prod's
    # 372 resources on two cores that CPU delayed the program's
    # registrations and measured 1.29-1.36 x the dependency chain, against
    # 1.03 with only the final state saved. The deploy-time bound is about
    # the program's dependency structure, not the backend's checkpoints
    # (tooling/engine/prepare.go); the final state is still written.
    "PULUMI_SKIP_CHECKPOINTS=true"
  )
  local p
  for p in "aws $aws" "kubernetes $k8s" "random $random"; do
    # shellcheck disable=SC2086
    env "${envs[@]}" PATH="$bin:$PATH" "$bin/pulumi" plugin install resource $p \
      --file "$STANDIN" --reinstall >/dev/null
  done
  {
    printf '%s\n' "${envs[@]}"
    echo "PATH=$bin:$PATH"
    echo "WEBPLATFORM_ENGINE_ROOT=$CACHE"
    echo "WEBPLATFORM_ENGINE_BIN=$bin"
    echo "WEBPLATFORM_ENGINE_CLI_VERSION=$CLI_VERSION"
    echo "WEBPLATFORM_ENGINE_LANGUAGE_HOST_VERSION=$LANG_VERSION"
    echo "WEBPLATFORM_ENGINE_YAML_LANGUAGE_HOST_VERSION=$YAML_VERSION"
    echo "WEBPLATFORM_ENGINE_PLUGINS=aws@$aws,kubernetes@$k8s,random@$random"
  } > "$ENVFILE"
  log "ready (build $((t1 - t0))s, setup $(( $(date +%s) - t1 ))s): plugins aws $aws, kubernetes $k8s, random $random; env: $ENVFILE"
}

case "${1:-}" in
  build) build ;;
  setup) setup ;;
  env) if [ -f "$ENVFILE" ]; then echo "$ENVFILE"; else log "not set up: run scripts/engine.sh setup"; exit 1; fi ;;
  clean) rm -rf "$CACHE" ;;
  *) echo "usage: $0 build|setup|env|clean" >&2; exit 2 ;;
esac
