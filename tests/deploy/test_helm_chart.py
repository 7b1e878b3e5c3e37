"""The Helm chart, offline: `helm lint --strict` and `helm template` through Helm's own
library (the helm-python-sdk wheel ships it: the helm binary is not on PyPI, npm or
Debian), every rendered manifest checked against the Kubernetes API schemas
(kubernetes-validate, the offline equal of kubeconform), and what the chart promises."""

import pytest
import yaml

helm = pytest.importorskip("helm_python")
kubernetes_validate = pytest.importorskip("kubernetes_validate")

from tests.deploy import CHART, KUBE_VERSION  # noqa: E402

SECRETS = {"DATABASE_URL": "postgres://v@db/v", "REDIS_URL": "redis://r/0", "SECRET_KEY": "k"}
VARIANTS = {
    "defaults": {"secrets": {"values": SECRETS}},
    "existing-secret": {"secrets": {"existingSecret": "vireo-env", "values": {}}},
    "s3-and-ftps": {
        "secrets": {"existingSecret": "vireo-env", "values": {}},
        "config": {"AWS_STORAGE_BUCKET_NAME": "vireo-files"},
        "ftp": {"tls": {"secretName": "ftp-tls"}, "publicAddress": "203.0.113.7"},
    },
    "no-autoscaling-no-ftp": {
        "secrets": {"values": SECRETS},
        "web": {"autoscaling": {"enabled": False}},
        "worker": {"autoscaling": {"enabled": False}},
        "ftp": {"enabled": False},
        "networkPolicy": {"enabled": False},
    },
}


def _render(values: dict) -> list[dict]:
    manifests = helm.Chart.load(str(CHART)).render(
        values, name="vireo", namespace="vireo", is_install=True
    )
    return [
        doc
        for path, text in manifests.items()
        if path.endswith((".yaml", ".yml"))
        for doc in yaml.safe_load_all(text)
        if doc
    ]


def _kinds(docs: list[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def _pod_specs(docs: list[dict]) -> dict[str, dict]:
    return {
        d["metadata"]["name"]: d["spec"]["template"]["spec"]
        for d in docs
        if d["kind"] in ("Deployment", "Job")
    }


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_helm_lint_strict_finds_nothing(variant):
    report = helm.lint(str(CHART), VARIANTS[variant], strict=True, kube_version=f"v{KUBE_VERSION}")
    findings = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == [] and findings == []


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_rendered_manifest_is_valid_kubernetes(variant):
    docs = _render(VARIANTS[variant])
    assert len(docs) >= 8
    for doc in docs:
        kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)


def test_every_pod_is_non_root_with_a_read_only_root_and_a_memory_limit():
    pods = _pod_specs(_render(VARIANTS["defaults"]))
    assert set(pods) == {
        "vireo-web", "vireo-worker", "vireo-scheduler", "vireo-ftp", "vireo-migrate",
    }  # fmt: skip
    for name, pod in pods.items():
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["automountServiceAccountToken"] is False, name
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert container["resources"]["limits"]["memory"], name
            assert container["resources"]["requests"]["cpu"], name


def test_web_has_separate_liveness_and_readiness_and_every_process_a_probe():
    pods = _pod_specs(_render(VARIANTS["defaults"]))
    web = pods["vireo-web"]["containers"][0]
    assert web["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for name in ("vireo-worker", "vireo-scheduler"):
        probe = pods[name]["containers"][0]["livenessProbe"]["exec"]["command"]
        assert probe[:2] == ["python", "-c"] and "ping()" in probe[2]
    ftp = pods["vireo-ftp"]["containers"][0]
    assert ftp["readinessProbe"]["tcpSocket"]["port"] == "ftp"


def test_secrets_come_from_secret_objects_never_from_the_config_map():
    docs = _render(VARIANTS["defaults"])
    config = _kinds(docs, "ConfigMap")["vireo"]["data"]
    assert not set(config) & set(SECRETS)
    assert set(_kinds(docs, "Secret")["vireo"]["data"]) == set(SECRETS)
    external = _render(VARIANTS["existing-secret"])
    assert _kinds(external, "Secret") == {}
    for pod in _pod_specs(external).values():
        refs = [e["secretRef"]["name"] for e in pod["containers"][0]["envFrom"] if "secretRef" in e]
        assert refs == ["vireo-env"]


def test_media_has_a_volume_without_a_bucket_and_none_with_s3():
    docs = _render(VARIANTS["defaults"])
    claim = _kinds(docs, "PersistentVolumeClaim")["vireo-media"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert _kinds(docs, "ConfigMap")["vireo"]["data"]["MEDIA_ROOT"] == "/data/media"
    for name, pod in _pod_specs(docs).items():
        mounts = {m["name"]: m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
        assert mounts == {"tmp": "/tmp", "media": "/data/media"}, name
    s3 = _render(VARIANTS["s3-and-ftps"])
    assert _kinds(s3, "PersistentVolumeClaim") == {}
    assert "MEDIA_ROOT" not in _kinds(s3, "ConfigMap")["vireo"]["data"]


def test_ftp_listens_on_the_pod_address_with_passive_ports_and_a_certificate_secret():
    docs = _render(VARIANTS["s3-and-ftps"])
    config = _kinds(docs, "ConfigMap")["vireo"]["data"]
    assert config["MAIL_FTP_ADDRESS"] == "0.0.0.0:2121"
    assert config["MAIL_FTP_PASSIVE_PORTS"] == "30000-30009"
    assert config["MAIL_FTP_MASQUERADE"] == "203.0.113.7"
    assert config["MAIL_FTP_TLS_CERT"] == "/etc/vireo/ftp-tls/tls.crt"
    assert config["MAIL_FTP_TLS_REQUIRED"] == "true"
    ftp = _pod_specs(docs)["vireo-ftp"]
    assert {"name": "ftp-tls", "secret": {"secretName": "ftp-tls", "defaultMode": 0o440}} in (
        ftp["volumes"]
    )
    ports = [p["containerPort"] for p in ftp["containers"][0]["ports"]]
    assert ports == [2121, *range(30000, 30010)]
    service = _kinds(docs, "Service")["vireo-ftp"]["spec"]
    assert {p["port"] for p in service["ports"]} >= {21, 30000, 30009}


def test_disruption_budgets_and_network_policies():
    docs = _render(VARIANTS["defaults"])
    budgets = _kinds(docs, "PodDisruptionBudget")
    assert {n: b["spec"]["minAvailable"] for n, b in budgets.items()} == {
        "vireo-web": 1,
        "vireo-worker": 1,
    }
    policies = _kinds(docs, "NetworkPolicy")
    assert set(policies) == {"vireo-default-deny", "vireo-web", "vireo-ftp"}
    assert "ingress" not in policies["vireo-default-deny"]["spec"]
    web_from = policies["vireo-web"]["spec"]["ingress"][0]
    assert web_from["ports"] == [{"port": 8000, "protocol": "TCP"}]
    ftp_ports = policies["vireo-ftp"]["spec"]["ingress"][0]["ports"]
    assert ftp_ports[1] == {"port": 30000, "endPort": 30009, "protocol": "TCP"}


def test_migrations_run_as_a_hook_job_before_the_rollout():
    job = _kinds(_render(VARIANTS["defaults"]), "Job")["vireo-migrate"]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert job["spec"]["template"]["spec"]["containers"][0]["command"][:3] == [
        "python", "manage.py", "migrate_schemas",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ({"web": {"replicaCount": "two"}}, "/web/replicaCount"),
        ({"ftp": {"passivePorts": {"start": 70000}}}, "/ftp/passivePorts/start"),
        ({"podSecurityContext": {"runAsNonRoot": False}}, "/podSecurityContext/runAsNonRoot"),
        ({"media": {"persistence": {"size": "lots"}}}, "/media/persistence/size"),
    ],
)
def test_the_values_schema_refuses_wrong_values(values, where):
    with pytest.raises(helm.HelmValuesError, match=where):
        _render({**VARIANTS["defaults"], **values})
