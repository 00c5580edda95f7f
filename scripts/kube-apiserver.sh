#!/usr/bin/env bash
# Runs a real kube-apiserver (v1.33.4, built from the Go module proxy) with
# etcd on loopback, for server-side dry-run validation of Kubernetes objects.
#
#   scripts/kube-apiserver.sh build   build/fetch only (apiserver binary, CRDs,
#                                     KEDA's source files)
#   scripts/kube-apiserver.sh start   install etcd, build, start both, write env
#   scripts/kube-apiserver.sh env     print the env file path (source it)
#   scripts/kube-apiserver.sh stop    stop both and remove the run directory
#
# Overridable: KUBE_CACHE (./.cache/kube: run directory, CRDs),
# KUBE_BIN_CACHE (~/.cache/webplatform: the built binary, keyed by version,
# so that fresh clones on one machine share it like the Go build cache),
# KUBE_ETCD_PORT (23790), KUBE_APISERVER_PORT (26443).
#
# The env file exports KUBE_APISERVER_URL, KUBE_APISERVER_TOKEN, KUBECONFIG,
# KUBE_CRD_FILES (the CRD files fetched: AWS Load Balancer Controller,
# SecurityGroupPolicy, KEDA's ScaledObject and ClusterTriggerAuthentication),
# KUBE_CRD_UNAVAILABLE (why any of them could not be fetched; the validator
# reports it for objects of those kinds) and KUBE_KEDA_SOURCE (a directory
# of KEDA's source files that state its trigger input rules, at their paths
# in the module; tests read them as an oracle).
set -euo pipefail

ROOT=${KUBE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CACHE=${KUBE_CACHE:-$ROOT/.cache/kube}
case "$CACHE" in /*) ;; *) CACHE=$ROOT/$CACHE ;; esac
ETCD_PORT=${KUBE_ETCD_PORT:-23790}
API_PORT=${KUBE_APISERVER_PORT:-26443}
K8S_VERSION=v1.33.4
LBC_VERSION=${KUBE_LBC_VERSION:-v2.13.3}
RUN=$CACHE/run
BIN_CACHE=${KUBE_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/webplatform}
BIN=$BIN_CACHE/kube-apiserver-$K8S_VERSION
CRDS=$CACHE/crds/aws-load-balancer-controller-$LBC_VERSION.yaml
# SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1), the CRD that EKS
# installs for security groups for pods: from the VPC resource controller's
# module, config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml.
# The checksum database does not know this module here, so its zip hash is
# pinned below and checked instead.
VRC_MODULE=github.com/aws/amazon-vpc-resource-controller-k8s
VRC_VERSION=v1.7.3
VRC_SUM=h1:iSk2Y81Ud5CxGGjN70VvIoCdrMKW4RnR3dknkQgKw20=
SGP_CRDS=$CACHE/crds/vpc-resource-controller-$VRC_VERSION-securitygrouppolicies.yaml
# KEDA (the cluster installs chart 2.19.0, app v2.19.0): its CRDs from
# config/crd/bases, and the source files that state what a ScaledObject's
# triggers may say. Hash pinned and checked like VRC_SUM.
KEDA_MODULE=github.com/kedacore/keda/v2
KEDA_VERSION=v2.19.0
KEDA_SUM=h1:IP3iMTwr9HkaAwPtLnhngPv74LghMf7ubLrsGLQo52M=
KEDA_CRD_NAMES="keda.sh_scaledobjects.yaml keda.sh_clustertriggerauthentications.yaml"
KEDA_CRDS=$CACHE/crds/keda-$KEDA_VERSION
KEDA_SOURCE_FILES="pkg/scalers/aws_cloudwatch_scaler.go pkg/scalers/cpu_memory_scaler.go
  pkg/scalers/scaler.go pkg/scalers/scalersconfig/typed_config.go
  apis/keda/v1alpha1/scaledobject_types.go apis/keda/v1alpha1/scaledobject_webhook.go"
KEDA_SOURCE=$CACHE/keda-$KEDA_VERSION-source
ENVFILE=$CACHE/env

log() { echo "kube-apiserver.sh: $*" >&2; }

install_etcd() {
  if command -v etcd >/dev/null 2>&1; then return; fi
  log "installing etcd-server (apt)"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq etcd-server >/dev/null 2>&1 || {
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq etcd-server >/dev/null
  }
  # The Debian package may start a system etcd on 2379; we use our own.
  $sudo systemctl disable --now etcd >/dev/null 2>&1 || true
}

build_apiserver() {
  if [ -x "$BIN" ]; then return; fi
  log "building kube-apiserver $K8S_VERSION into $BIN (cold: ~8 min, ~2.2 GB)"
  mkdir -p "$BIN_CACHE"
  (cd "$ROOT/tools/kube-apiserver" && go mod download &&
    go build -ldflags "-X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
      -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=33" \
      -o "$BIN.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$BIN.tmp" "$BIN"
}

# port_free reports whether nothing listens on 127.0.0.1:$1.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_ports moves the default ports up past ones in use (another
# checkout's API server, say); ports set in the environment are kept.
pick_ports() {
  local n=0
  if [ -z "${KUBE_ETCD_PORT:-}" ]; then
    while ! port_free "$ETCD_PORT" || ! port_free $((ETCD_PORT + 1)); do
      ETCD_PORT=$((ETCD_PORT + 2)); n=$((n + 1)); [ "$n" -lt 50 ] || break
    done
  fi
  if [ -z "${KUBE_APISERVER_PORT:-}" ]; then
    while ! port_free "$API_PORT"; do
      API_PORT=$((API_PORT + 1)); n=$((n + 1)); [ "$n" -lt 100 ] || break
    done
  fi
}

fetch_crds() {
  if [ -s "$CRDS" ]; then return; fi
  log "fetching AWS Load Balancer Controller $LBC_VERSION CRDs"
  local dir="" mod
  for mod in sigs.k8s.io/aws-load-balancer-controller github.com/kubernetes-sigs/aws-load-balancer-controller; do
    dir=$(cd "$ROOT/tools/kube-apiserver" && GOFLAGS=-mod=mod go mod download -json "$mod@$LBC_VERSION" 2>/dev/null |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' || true)
    if [ -n "$dir" ]; then break; fi
  done
  local src=""
  for f in "$dir/helm/aws-load-balancer-controller/crds/crds.yaml" "$dir/config/crd/bases"; do
    if [ -n "$dir" ] && [ -e "$f" ]; then src=$f; break; fi
  done
  mkdir -p "$(dirname "$CRDS")"
  if [ -z "$src" ]; then
    # The module proxy serves no v2 module of the controller (its go.mod
    # says sigs.k8s.io/aws-load-balancer-controller without /v2, so v2.x
    # tags are not valid versions): record why, the validator reports it.
    CRD_REASON="AWS Load Balancer Controller $LBC_VERSION CRDs are not available from the Go module proxy (the proxy answers 403 for sigs.k8s.io/ and github.com/kubernetes-sigs/aws-load-balancer-controller@$LBC_VERSION: v2.x tags without a /v2 module path are not valid module versions)"
    log "$CRD_REASON"
    return 0
  fi
  if [ -d "$src" ]; then
    for f in "$src"/*.yaml; do cat "$f"; echo "---"; done > "$CRDS"
  else
    cp "$src" "$CRDS"
  fi
  chmod u+w "$CRDS"
}

fetch_sgp_crd() {
  if [ -s "$SGP_CRDS" ]; then return; fi
  log "fetching the SecurityGroupPolicy CRD ($VRC_MODULE@$VRC_VERSION)"
  local json dir sum
  json=$(cd "$ROOT/tools/kube-apiserver" && GONOSUMDB=$VRC_MODULE GOFLAGS=-mod=mod go mod download -json "$VRC_MODULE@$VRC_VERSION" 2>/dev/null || true)
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")
  sum=$(sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p' <<<"$json")
  if [ -z "$dir" ] || [ "$sum" != "$VRC_SUM" ]; then
    CRD_REASON="${CRD_REASON:+$CRD_REASON; }SecurityGroupPolicy CRD: $VRC_MODULE@$VRC_VERSION not served or its hash is not $VRC_SUM"
    log "$CRD_REASON"
    return 0
  fi
  mkdir -p "$(dirname "$SGP_CRDS")"
  cp "$dir/config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml" "$SGP_CRDS"
  chmod u+w "$SGP_CRDS"
}

# keda_fetched reports whether every KEDA CRD and source file is cached.
keda_fetched() {
  local f
  for f in $KEDA_CRD_NAMES; do [ -s "$KEDA_CRDS/$f" ] || return 1; done
  for f in $KEDA_SOURCE_FILES; do [ -s "$KEDA_SOURCE/$f" ] || return 1; done
}

fetch_keda() {
  if keda_fetched; then return; fi
  log "fetching KEDA's CRDs and scaler sources ($KEDA_MODULE@$KEDA_VERSION)"
  local json dir sum f
  json=$(cd "$ROOT/tools/kube-apiserver" && GONOSUMDB=$KEDA_MODULE GOFLAGS=-mod=mod go mod download -json "$KEDA_MODULE@$KEDA_VERSION" 2>/dev/null || true)
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")
  sum=$(sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p' <<<"$json")
  if [ -z "$dir" ] || [ "$sum" != "$KEDA_SUM" ]; then
    CRD_REASON="${CRD_REASON:+$CRD_REASON; }KEDA CRDs (ScaledObject, ClusterTriggerAuthentication): $KEDA_MODULE@$KEDA_VERSION not served or its hash is not $KEDA_SUM"
    log "$CRD_REASON"
    return 0
  fi
  mkdir -p "$KEDA_CRDS"
  for f in $KEDA_CRD_NAMES; do
    cp "$dir/config/crd/bases/$f" "$KEDA_CRDS/$f"
    chmod u+w "$KEDA_CRDS/$f"
  done
  for f in $KEDA_SOURCE_FILES; do
    mkdir -p "$KEDA_SOURCE/$(dirname "$f")"
    cp "$dir/$f" "$KEDA_SOURCE/$f"
    chmod u+w "$KEDA_SOURCE/$f"
  done
}

CRD_REASON=""

stop() {
  for p in apiserver etcd; do
    if [ -f "$RUN/$p.pid" ]; then
      kill "$(cat "$RUN/$p.pid")" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$(cat "$RUN/$p.pid")" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$(cat "$RUN/$p.pid")" 2>/dev/null || true
    fi
  done
  rm -rf "$RUN" "$ENVFILE"
}

start() {
  local t0 t1 t2
  t0=$(date +%s)
  install_etcd
  build_apiserver
  fetch_crds || true
  fetch_sgp_crd || true
  fetch_keda || true
  t1=$(date +%s)
  stop
  pick_ports
  mkdir -p "$RUN/etcd"
  (cd "$RUN" &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout tls.key -out tls.crt >/dev/null 2>&1 &&
    openssl genrsa -out sa.key 2048 >/dev/null 2>&1 &&
    openssl rsa -in sa.key -pubout -out sa.pub >/dev/null 2>&1)
  local token
  token=$(openssl rand -hex 16)
  echo "$token,admin,admin,system:masters" > "$RUN/tokens.csv"
  etcd --data-dir "$RUN/etcd" --name kube-validate \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-cluster "kube-validate=http://127.0.0.1:$((ETCD_PORT + 1))" \
    > "$RUN/etcd.log" 2>&1 &
  echo $! > "$RUN/etcd.pid"
  "$BIN" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --secure-port="$API_PORT" \
    --tls-cert-file="$RUN/tls.crt" --tls-private-key-file="$RUN/tls.key" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$RUN/sa.pub" --service-account-signing-key-file="$RUN/sa.key" \
    --token-auth-file="$RUN/tokens.csv" --authorization-mode=RBAC \
    --service-cluster-ip-range=10.96.0.0/24 \
    > "$RUN/apiserver.log" 2>&1 &
  echo $! > "$RUN/apiserver.pid"
  local url="https://127.0.0.1:$API_PORT"
  for i in $(seq 120); do
    if [ "$(curl -sk -H "Authorization: Bearer $token" -o /dev/null -w '%{http_code}' "$url/readyz")" = 200 ]; then break; fi
    if ! kill -0 "$(cat "$RUN/apiserver.pid")" 2>/dev/null; then
      log "kube-apiserver exited; last log lines:"; tail -20 "$RUN/apiserver.log" >&2; stop; return 1
    fi
    if [ "$i" = 120 ]; then log "not ready after 60s"; tail -20 "$RUN/apiserver.log" >&2; stop; return 1; fi
    sleep 0.5
  done
  t2=$(date +%s)
  cat > "$RUN/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: kube-validate
  cluster: {server: "$url", insecure-skip-tls-verify: true}
users:
- name: admin
  user: {token: "$token"}
contexts:
- name: kube-validate
  context: {cluster: kube-validate, user: admin}
current-context: kube-validate
KC
  {
    echo "export KUBE_APISERVER_URL=$url"
    echo "export KUBE_APISERVER_TOKEN=$token"
    echo "export KUBECONFIG=$RUN/kubeconfig"
    local files=""
    for f in "$CRDS" "$SGP_CRDS" $(for n in $KEDA_CRD_NAMES; do echo "$KEDA_CRDS/$n"; done); do
      if [ -s "$f" ]; then files=${files:+$files:}$f; fi
    done
    if [ -n "$files" ]; then echo "export KUBE_CRD_FILES=$files"; fi
    if keda_fetched; then echo "export KUBE_KEDA_SOURCE=$KEDA_SOURCE"; fi
    if [ -n "$CRD_REASON" ]; then printf 'export KUBE_CRD_UNAVAILABLE=%q\n' "$CRD_REASON"; fi
  } > "$ENVFILE"
  log "ready at $url (install+build+fetch $((t1 - t0))s, start $((t2 - t1))s); env: $ENVFILE"
}

case "${1:-}" in
  build) install_etcd; build_apiserver; fetch_crds; fetch_sgp_crd; fetch_keda ;;
  start) start ;;
  stop) stop ;;
  env) if [ -f "$ENVFILE" ]; then echo "$ENVFILE"; else log "not running: run scripts/kube-apiserver.sh start"; exit 1; fi ;;
  *) echo "usage: $0 build|start|stop|env" >&2; exit 2 ;;
esac

