#!/usr/bin/env python3
"""Check a rendered kustomize overlay beyond what kubernetes-validate can.

    kubectl kustomize deploy/k8s/overlays/prod > /tmp/prod.yaml
    python scripts/check_crds.py /tmp/prod.yaml

kubernetes-validate knows the built-in kinds only and merely warns about the rest.
This script:

* refuses any apiVersion/kind outside an allow-list, so that the only kinds
  kubernetes-validate skips are the custom resources checked here;
* validates ScaledObject, ServiceMonitor, PodMonitor and PrometheusRule against the
  schemas in deploy/schemas/ (the fields we rely on; unknown fields are errors);
* checks the wiring the schemas cannot see: each KEDA trigger reads the stream the
  services use and the durable consumer named after its target Deployment, through a
  NATS Service that exists; every worker has exactly one ScaledObject; autoscaled
  workloads do not set replicas; the PrometheusRule equals the rules file; the
  dashboards ConfigMap equals the generated dashboards; monitors select existing
  ports; the pods follow the hardening rules; secrets are referenced, never shipped;
  NATS replicas match the stream replication factor.

Exit status 1 with one line per problem. Needs PyYAML and jsonschema (dev group).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "deploy/schemas"
RULES_FILE = ROOT / "deploy/prometheus/rules/resumeflow.rules.yml"
DASHBOARDS = ROOT / "deploy/grafana/dashboards"
SECRET_EXAMPLE = ROOT / "deploy/k8s/base/secret.example.yaml"

NAMESPACE = "resumeflow"
SECRET_NAME = "resumeflow-secrets"
STAGES = ("parser", "enhancer", "notifier")
SERVICES = ("ingest", *STAGES)
HEALTH_PORTS = {"ingest": 8000, "parser": 9000, "enhancer": 9000, "notifier": 9000}

BUILTIN_KINDS = {
    ("v1", "Namespace"),
    ("v1", "ServiceAccount"),
    ("v1", "ConfigMap"),
    ("v1", "Service"),
    ("apps/v1", "Deployment"),
    ("apps/v1", "StatefulSet"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("policy/v1", "PodDisruptionBudget"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
}
CUSTOM_KINDS = {
    ("keda.sh/v1alpha1", "ScaledObject"): "scaledobject.json",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "servicemonitor.json",
    ("monitoring.coreos.com/v1", "PodMonitor"): "podmonitor.json",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "prometheusrule.json",
}


class Render:
    """The documents of one rendered overlay, indexed by kind and name."""

    def __init__(self, path: Path) -> None:
        self.docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
        self.errors: list[str] = []
        self.checked: list[str] = []

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [d for d in self.docs if d.get("kind") == kind]

    def get(self, kind: str, name: str) -> dict[str, Any] | None:
        for doc in self.of_kind(kind):
            if doc["metadata"]["name"] == name:
                return doc
        return None

    def config(self) -> dict[str, str]:
        for cm in self.of_kind("ConfigMap"):
            if cm["metadata"]["name"].startswith("resumeflow-config"):
                return dict(cm.get("data", {}))
        self.fail("no resumeflow-config ConfigMap")
        return {}

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def check(self, condition: bool, message: str) -> None:
        if not condition:
            self.fail(message)


def ref(doc: dict[str, Any]) -> str:
    return f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"


def containers(workload: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from workload["spec"]["template"]["spec"]["containers"]


# --- inventory and schemas -----------------------------------------------------------


def check_inventory(r: Render) -> None:
    for doc in r.docs:
        key = (doc.get("apiVersion"), doc.get("kind"))
        if key not in BUILTIN_KINDS and key not in CUSTOM_KINDS:
            r.fail(
                f"{ref(doc)}: unexpected apiVersion/kind {key}; add it to the allow-list "
                "and make sure something validates it"
            )
        if doc.get("kind") != "Namespace":
            r.check(
                doc["metadata"].get("namespace") == NAMESPACE,
                f"{ref(doc)}: namespace is not {NAMESPACE}",
            )
    r.checked.append(f"{len(r.docs)} documents, all of allowed kinds")


def check_schemas(r: Render) -> None:
    count = 0
    for (_api_version, kind), schema_file in CUSTOM_KINDS.items():
        schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        for doc in r.of_kind(kind):
            count += 1
            for error in validator.iter_errors(doc):
                path = "/".join(str(p) for p in error.absolute_path)
                r.fail(f"{ref(doc)}: {schema_file}: {path}: {error.message}")
    r.checked.append(f"{count} custom resources against deploy/schemas/")


# --- KEDA ----------------------------------------------------------------------------------


def check_keda(r: Render) -> None:
    stream = r.config().get("NATS_STREAM")
    r.check(stream == "RESUMES", f"resumeflow-config NATS_STREAM is {stream!r}, not RESUMES")
    scaled = r.of_kind("ScaledObject")
    targets = [so["spec"]["scaleTargetRef"]["name"] for so in scaled]
    workers = [
        d["metadata"]["name"]
        for d in r.of_kind("Deployment")
        if d["metadata"]["labels"].get("app.kubernetes.io/component") == "worker"
    ]
    r.check(sorted(workers) == sorted(STAGES), f"worker Deployments are {workers}")
    r.check(
        sorted(targets) == sorted(workers),
        f"ScaledObject targets {sorted(targets)} != worker Deployments {sorted(workers)}",
    )
    for so in scaled:
        spec = so["spec"]
        name = spec["scaleTargetRef"]["name"]
        target = r.get("Deployment", name)
        if target is None:
            r.fail(f"{ref(so)}: target Deployment {name} does not exist")
            continue
        stage = target["metadata"]["labels"].get("app.kubernetes.io/name")
        r.check(stage == name, f"{ref(so)}: Deployment {name} is labelled as {stage}")
        r.check(
            spec["minReplicaCount"] <= spec["maxReplicaCount"],
            f"{ref(so)}: minReplicaCount > maxReplicaCount",
        )
        r.check(
            "replicas" not in target["spec"],
            f"Deployment/{name}: sets spec.replicas although KEDA owns it",
        )
        for trigger in spec["triggers"]:
            meta = trigger["metadata"]
            r.check(trigger["type"] == "nats-jetstream", f"{ref(so)}: trigger {trigger['type']}")
            r.check(
                meta.get("stream") == stream,
                f"{ref(so)}: stream {meta.get('stream')!r} != NATS_STREAM {stream!r}",
            )
            r.check(
                meta.get("consumer") == name,
                f"{ref(so)}: consumer {meta.get('consumer')!r} is not the durable of "
                f"the target's stage {name!r}",
            )
            r.check(meta.get("account") == "$G", f"{ref(so)}: account is not $G")
            lag = str(meta.get("lagThreshold", ""))
            r.check(
                lag.isdigit() and int(lag) > 0,
                f"{ref(so)}: lagThreshold {lag!r} is not a positive integer string",
            )
            check_nats_endpoint(r, so, str(meta.get("natsServerMonitoringEndpoint", "")))
    r.checked.append(
        f"{len(scaled)} ScaledObjects: nats-jetstream on {stream}, consumer = target stage"
    )


def check_nats_endpoint(r: Render, so: dict[str, Any], endpoint: str) -> None:
    match = re.fullmatch(r"([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local:(\d+)", endpoint)
    if not match:
        r.fail(
            f"{ref(so)}: monitoring endpoint {endpoint!r} is not <svc>.<ns>.svc.cluster.local:port"
        )
        return
    service_name, namespace, port = match.group(1), match.group(2), int(match.group(3))
    r.check(namespace == NAMESPACE, f"{ref(so)}: endpoint namespace {namespace}")
    service = r.get("Service", service_name)
    if service is None:
        r.fail(f"{ref(so)}: endpoint Service {service_name} does not exist")
        return
    ports = {p["port"] for p in service["spec"]["ports"]}
    r.check(port in ports, f"{ref(so)}: Service {service_name} has no port {port}")
    # KEDA finds the consumer leader of a cluster at <server_name>.<endpoint host>.
    r.check(
        service["spec"].get("clusterIP") == "None",
        f"Service/{service_name}: must be headless so KEDA can reach each NATS server",
    )


def check_hpa(r: Render) -> None:
    hpas = r.of_kind("HorizontalPodAutoscaler")
    r.check(
        [h["spec"]["scaleTargetRef"]["name"] for h in hpas] == ["ingest"],
        "expected exactly one HorizontalPodAutoscaler, for ingest",
    )
    for hpa in hpas:
        spec = hpa["spec"]
        r.check(spec["minReplicas"] <= spec["maxReplicas"], f"{ref(hpa)}: min > max")
        resources = [m["resource"]["name"] for m in spec["metrics"] if m["type"] == "Resource"]
        r.check(resources == ["cpu"], f"{ref(hpa)}: scales on {resources}, expected cpu")
        target = r.get("Deployment", spec["scaleTargetRef"]["name"])
        r.check(
            target is not None and "replicas" not in target["spec"],
            f"{ref(hpa)}: target missing or sets spec.replicas",
        )
    r.checked.append("HorizontalPodAutoscaler for ingest on CPU")


# --- pods ------------------------------------------------------------------------------


def check_service_pods(r: Render) -> None:
    secret_keys = set(yaml.safe_load(SECRET_EXAMPLE.read_text(encoding="utf-8"))["stringData"])
    for name in SERVICES:
        deployment = r.get("Deployment", name)
        if deployment is None:
            r.fail(f"Deployment/{name} missing")
            continue
        pod = deployment["spec"]["template"]["spec"]
        where = f"Deployment/{name}"
        r.check(
            pod.get("terminationGracePeriodSeconds") == 40,
            f"{where}: terminationGracePeriodSeconds is not 40",
        )
        psc = pod.get("securityContext", {})
        r.check(
            psc.get("runAsNonRoot") is True and psc.get("runAsUser") == 10001,
            f"{where}: pod must run as non-root uid 10001",
        )
        r.check(
            psc.get("seccompProfile", {}).get("type") == "RuntimeDefault",
            f"{where}: seccompProfile RuntimeDefault missing",
        )
        r.check(
            pod.get("automountServiceAccountToken") is False,
            f"{where}: service account token is mounted",
        )
        tmp_volumes = {v["name"] for v in pod.get("volumes", []) if "emptyDir" in v}
        for container in pod["containers"]:
            cwhere = f"{where}/{container['name']}"
            csc = container.get("securityContext", {})
            r.check(
                csc.get("readOnlyRootFilesystem") is True, f"{cwhere}: root filesystem writable"
            )
            r.check(csc.get("allowPrivilegeEscalation") is False, f"{cwhere}: privilege escalation")
            r.check(
                csc.get("capabilities", {}).get("drop") == ["ALL"],
                f"{cwhere}: capabilities not dropped",
            )
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            r.check(mounts.get("/tmp") in tmp_volumes, f"{cwhere}: no emptyDir at /tmp")
            for kind in ("requests", "limits"):
                have = container.get("resources", {}).get(kind, {})
                r.check({"cpu", "memory"} <= set(have), f"{cwhere}: resources.{kind} incomplete")
            check_probes(r, cwhere, container, HEALTH_PORTS[name])
            for env in container.get("env", []):
                secret = env.get("valueFrom", {}).get("secretKeyRef")
                if secret:
                    r.check(
                        secret["name"] == SECRET_NAME,
                        f"{cwhere}: secretKeyRef to {secret['name']}, not {SECRET_NAME}",
                    )
                    r.check(
                        secret["key"] in secret_keys,
                        f"{cwhere}: secret key {secret['key']} not documented in "
                        f"{SECRET_EXAMPLE.relative_to(ROOT)}",
                    )
    r.check(not r.of_kind("Secret"), "the render contains a Secret: reference it, don't ship it")
    r.checked.append("4 Deployments: probes, grace period, security context, /tmp, secrets")


def check_probes(r: Render, where: str, container: dict[str, Any], port: int) -> None:
    named = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    expected = {"readinessProbe": "/readyz", "livenessProbe": "/healthz"}
    for probe, path in expected.items():
        get = container.get(probe, {}).get("httpGet", {})
        r.check(get.get("path") == path, f"{where}: {probe} is not GET {path}")
        resolved = named.get(get.get("port"), get.get("port"))
        r.check(resolved == port, f"{where}: {probe} port {get.get('port')} is not {port}")


def check_nats(r: Render) -> None:
    nats = r.get("StatefulSet", "nats")
    if nats is None:
        r.fail("StatefulSet/nats missing")
        return
    replicas = nats["spec"].get("replicas", 1)
    stream_replicas = int(r.config().get("NATS_STREAM_REPLICAS", "1"))
    r.check(nats["spec"]["serviceName"] == "nats", "StatefulSet/nats: serviceName is not nats")
    r.check(
        stream_replicas <= replicas,
        f"NATS_STREAM_REPLICAS={stream_replicas} exceeds {replicas} NATS servers",
    )
    r.check(stream_replicas in (1, 3, 5), f"NATS_STREAM_REPLICAS={stream_replicas}")
    conf = next(
        (
            cm["data"]["nats.conf"]
            for cm in r.of_kind("ConfigMap")
            if cm["metadata"]["name"].startswith("nats-config")
        ),
        "",
    )
    r.check(
        "jetstream" in conf and "store_dir: /data" in conf,
        "nats.conf: JetStream file storage in /data not configured",
    )
    r.check("http_port: 8222" in conf, "nats.conf: monitoring port 8222 not configured")
    routes = re.findall(r"nats://(nats-\d+)\.nats\.", conf)
    if replicas > 1:
        expected = [f"nats-{i}" for i in range(replicas)]
        r.check(routes == expected, f"nats.conf routes {routes} != {expected}")
    else:
        r.check(not routes, "single NATS server configured with cluster routes")
    pdb = r.get("PodDisruptionBudget", "nats")
    if replicas > 1 and pdb is not None:
        quorum = replicas // 2 + 1
        r.check(
            pdb["spec"].get("minAvailable") == quorum,
            f"PodDisruptionBudget/nats: minAvailable should be the quorum {quorum}",
        )
    r.checked.append(f"NATS: {replicas} server(s), streams R{stream_replicas}, routes {routes}")


# --- monitoring --------------------------------------------------------------------------


def check_monitors(r: Render) -> None:
    for sm in r.of_kind("ServiceMonitor"):
        selected = [s for s in r.of_kind("Service") if selects(sm["spec"]["selector"], s)]
        names = sorted(s["metadata"]["name"] for s in selected)
        r.check(names == sorted(SERVICES), f"{ref(sm)} selects Services {names}")
        for endpoint in sm["spec"]["endpoints"]:
            for service in selected:
                ports = {p.get("name") for p in service["spec"]["ports"]}
                r.check(
                    endpoint["port"] in ports,
                    f"{ref(sm)}: {ref(service)} has no port named {endpoint['port']}",
                )
            jobs = [rl for rl in endpoint.get("relabelings", []) if rl.get("targetLabel") == "job"]
            r.check(
                bool(jobs) and jobs[0].get("replacement") == "resumeflow-$1",
                f"{ref(sm)}: job label is not resumeflow-<service>",
            )
    for pm in r.of_kind("PodMonitor"):
        pods = [
            w
            for w in r.of_kind("StatefulSet") + r.of_kind("Deployment")
            if selects(pm["spec"]["selector"], w["spec"]["template"])
        ]
        r.check(bool(pods), f"{ref(pm)} selects no workload")
        for endpoint in pm["spec"]["podMetricsEndpoints"]:
            for workload in pods:
                ports = {p.get("name") for c in containers(workload) for p in c.get("ports", [])}
                r.check(
                    endpoint["port"] in ports,
                    f"{ref(pm)}: {ref(workload)} has no port named {endpoint['port']}",
                )
    r.checked.append("ServiceMonitor/PodMonitor select existing ports, job labels follow contract")


def selects(selector: dict[str, Any], obj: dict[str, Any]) -> bool:
    labels = obj["metadata"].get("labels", {})
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions", []):
        present = expr["key"] in labels
        value = labels.get(expr["key"])
        ok = {
            "In": present and value in expr.get("values", []),
            "NotIn": not present or value not in expr.get("values", []),
            "Exists": present,
            "DoesNotExist": not present,
        }[expr["operator"]]
        if not ok:
            return False
    return True


def check_prometheus_rule(r: Render) -> None:
    rules = r.of_kind("PrometheusRule")
    r.check(len(rules) == 1, f"expected one PrometheusRule, found {len(rules)}")
    source = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    for rule in rules:
        r.check(
            rule["spec"] == source,
            f"{ref(rule)}: spec differs from {RULES_FILE.relative_to(ROOT)}; run "
            "python deploy/prometheus/generate_prometheusrule.py",
        )
    r.checked.append(f"PrometheusRule spec == {RULES_FILE.relative_to(ROOT)}")


def check_dashboards(r: Render) -> None:
    cm = r.get("ConfigMap", "resumeflow-dashboards")
    if cm is None:
        r.fail("ConfigMap/resumeflow-dashboards missing")
        return
    r.check(
        cm["metadata"].get("labels", {}).get("grafana_dashboard") == "1",
        "ConfigMap/resumeflow-dashboards: no grafana_dashboard label",
    )
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(DASHBOARDS.glob("*.json"))}
    r.check(
        cm.get("data") == files,
        "ConfigMap/resumeflow-dashboards differs from deploy/grafana/dashboards/; run "
        "python deploy/grafana/generate.py",
    )
    r.checked.append(f"dashboards ConfigMap == deploy/grafana/dashboards ({len(files)} files)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rendered", type=Path, help="output of kubectl kustomize")
    args = parser.parse_args(argv)
    r = Render(args.rendered)
    for check in (
        check_inventory,
        check_schemas,
        check_keda,
        check_hpa,
        check_service_pods,
        check_nats,
        check_monitors,
        check_prometheus_rule,
        check_dashboards,
    ):
        check(r)
    for line in r.checked:
        print(f"  ok   {line}")
    for error in r.errors:
        print(f"  FAIL {error}")
    return 1 if r.errors else 0


if __name__ == "__main__":
    sys.exit(main())
