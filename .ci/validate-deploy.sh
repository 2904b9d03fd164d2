#!/usr/bin/env bash
# Offline checks of the deployment files that need a tool rather than a JVM (no Docker engine or
# cluster exists in CI). The deep checks are the deploy-validation module's tests, which the Maven
# build runs; this script adds the tools' own parsers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Compose: Debian's docker-compose parses and interpolates the file exactly as `up` would.
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "validate-deploy: installing docker-compose (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
# the file refuses to start without a password; any value does for parsing
POSTGRES_PASSWORD=validate-only docker-compose -f docker-compose.yml config -q
echo "validate-deploy: docker-compose.yml OK"

# Kustomize: kubectl's built-in kustomize renders every overlay when kubectl is on the machine (no
# registry here packages a current kustomize). deploy-validation's KubectlAgreementTests also compare
# its output with the module's own renderer, object by object.
if command -v kubectl >/dev/null 2>&1; then
  for overlay in k8s/overlays/*/; do
    kubectl kustomize "${overlay}" >/dev/null
    echo "validate-deploy: ${overlay} renders"
  done
else
  echo "validate-deploy: kubectl not installed; overlays are rendered by deploy-validation's tests only"
fi
