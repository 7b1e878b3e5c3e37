from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "vireo"
COMPOSE = ROOT / "deploy" / "docker-compose.yml"
# The Kubernetes version the manifests are validated against (the oldest we support).
KUBE_VERSION = "1.30.0"
