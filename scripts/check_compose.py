#!/usr/bin/env python3
"""Check docker-compose.yml, the Dockerfiles and the compose Prometheus/Grafana wiring.

The compose-spec JSON schema (check-jsonschema) catches unknown keys and wrong
shapes; it cannot see that a depends_on names a real service, that a worker is still
scalable, that a bind mount exists, that a Dockerfile installs the right package, or
that Prometheus scrapes the ports the services listen on. This does, offline, with
no Docker engine.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
PROMETHEUS = ROOT / "deploy/prometheus/prometheus.yml"
GRAFANA_PROVIDERS = ROOT / "deploy/grafana/provisioning/dashboards"
GRAFANA_DATASOURCES = ROOT / "deploy/grafana/provisioning/datasources"

APPS = {"ingest": 8000, "parser": 9000, "enhancer": 9000, "notifier": 9000}
WORKERS = ("parser", "enhancer", "notifier")
EXPECTED_SERVICES = {
    "nats",
    "mongo",
    *APPS,
    "nats-exporter",
    "prometheus",
    "grafana",
    "mailpit",
    "jaeger",
}
REQUIRED_SECRETS = (
    "API_KEYS",
    "WEBHOOK_SIGNING_SECRET",
    "STREAM_TOKEN_SECRET",
    "GRAFANA_ADMIN_PASSWORD",
    "INGEST_NATS_PASSWORD",
    "PARSER_NATS_PASSWORD",
    "ENHANCER_NATS_PASSWORD",
    "NOTIFIER_NATS_PASSWORD",
    "MONGO_ROOT_PASSWORD",
    "MONGO_REPLICA_KEY",
    "INGEST_MONGODB_PASSWORD",
    "PARSER_MONGODB_PASSWORD",
    "ENHANCER_MONGODB_PASSWORD",
    "NOTIFIER_MONGODB_PASSWORD",
)


class Checks:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.passed: list[str] = []

    def check(self, condition: bool, message: str) -> None:
        if not condition:
            self.errors.append(message)


def seconds(duration: str) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(ms|s|m|h)", duration))


def check_services(c: Checks, compose: dict[str, Any], text: str) -> None:
    services = compose["services"]
    c.check(
        set(services) == EXPECTED_SERVICES,
        f"services are {sorted(services)}, expected {sorted(EXPECTED_SERVICES)}",
    )
    for name, svc in services.items():
        for dep, cond in (svc.get("depends_on") or {}).items():
            c.check(dep in services, f"{name}: depends_on unknown service {dep}")
            condition = cond.get("condition") if isinstance(cond, dict) else None
            if condition == "service_healthy":
                c.check(
                    "healthcheck" in services.get(dep, {}),
                    f"{name}: waits for {dep} to be healthy but {dep} has no healthcheck",
                )
        for volume in svc.get("volumes", []):
            source = str(volume).split(":", 1)[0]
            if source.startswith("."):
                c.check((ROOT / source).exists(), f"{name}: bind mount {source} does not exist")
            else:
                c.check(
                    source in (compose.get("volumes") or {}),
                    f"{name}: named volume {source} not declared",
                )
        c.check(
            svc.get("restart") in (None, "unless-stopped", "always", "on-failure", "no"),
            f"{name}: restart policy {svc.get('restart')!r}",
        )
    for name, port in APPS.items():
        svc = services[name]
        c.check(svc.get("build", {}).get("context") == ".", f"{name}: build context is not .")
        c.check(
            svc.get("build", {}).get("dockerfile") == f"services/{name}/Dockerfile",
            f"{name}: dockerfile is not services/{name}/Dockerfile",
        )
        c.check("healthcheck" in svc, f"{name}: no healthcheck")
        c.check(
            f":{port}/healthz" in " ".join(svc.get("healthcheck", {}).get("test", [])),
            f"{name}: healthcheck does not GET :{port}/healthz",
        )
        c.check(svc.get("read_only") is True, f"{name}: root filesystem is writable")
        c.check(
            seconds(str(svc.get("stop_grace_period", "10s"))) >= 30,
            f"{name}: stop_grace_period shorter than the 25 s drain",
        )
        deps = svc.get("depends_on") or {}
        for dep in ("nats", "mongo"):
            c.check(
                (deps.get(dep) or {}).get("condition") == "service_healthy",
                f"{name}: does not wait for {dep} to be healthy",
            )
    for name in APPS:
        env = services[name].get("environment") or {}
        c.check(env.get("NATS_USER") == name, f"{name}: NATS_USER is not {name}")
        want = f"${{{name.upper()}_NATS_PASSWORD}}"
        c.check(env.get("NATS_PASSWORD") == want, f"{name}: NATS_PASSWORD is not {want}")
        mongo_user = f"mongodb://{name}:${{{name.upper()}_MONGODB_PASSWORD}}@"
        c.check(
            str(env.get("MONGODB_URL", "")).startswith(mongo_user),
            f"{name}: MONGODB_URL does not log in as MongoDB user {name}",
        )
    nats_mounts = services.get("nats", {}).get("volumes") or []
    c.check(
        "./deploy/mongo/init-users.js:/docker-entrypoint-initdb.d/init-users.js:ro"
        in (services.get("mongo", {}).get("volumes") or []),
        "mongo: deploy/mongo/init-users.js (the users and roles) is not mounted",
    )
    c.check(
        "./deploy/nats/compose.conf:/etc/nats/nats.conf:ro" in nats_mounts,
        "nats: deploy/nats/compose.conf (the users and permissions) is not mounted",
    )
    for name in WORKERS:
        svc = services[name]
        c.check("container_name" not in svc, f"{name}: container_name prevents --scale")
        c.check("ports" not in svc, f"{name}: published ports prevent --scale")
    for secret in REQUIRED_SECRETS:
        c.check(
            re.search(r"\$\{" + secret + r":\?[^}]+\}", text) is not None,
            f"{secret} is not required with ${{{secret}:?message}}",
        )
    c.check("${OPENAI_API_KEY:-}" in text, "OPENAI_API_KEY should be optional: ${OPENAI_API_KEY:-}")
    c.check(
        "OTEL_TRACES_EXPORTER: ${OTEL_TRACES_EXPORTER:-none}" in text,
        "trace export should be off unless OTEL_TRACES_EXPORTER is set",
    )
    c.check(
        services.get("jaeger", {}).get("profiles") == ["tracing"],
        "jaeger should start only with --profile tracing",
    )
    c.passed.append(
        f"{len(services)} compose services: dependencies, mounts, health, "
        "scalable workers, required secrets"
    )


def check_dockerfiles(c: Checks) -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    c.check(patterns[:1] == ["*"], ".dockerignore is not an allow-list starting with *")
    allowed = [p[1:] for p in patterns if p.startswith("!")]
    for name, port in APPS.items():
        path = ROOT / f"services/{name}/Dockerfile"
        if not path.exists():
            c.errors.append(f"{path.relative_to(ROOT)} missing")
            continue
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", text, re.MULTILINE)
        c.check(
            len(stages) >= 3 and stages[-1][0].startswith("${PYTHON_IMAGE}"),
            f"{where}: not multi-stage ending on the python slim image",
        )
        c.check("python:3.11-slim" in text, f"{where}: runtime is not python:3.11-slim")
        c.check(
            f"--package resumeflow-{name}" in text and "uv sync --frozen --no-dev" in text,
            f"{where}: does not uv sync --frozen --no-dev --package resumeflow-{name}",
        )
        c.check("UV_PROJECT_ENVIRONMENT=/app/.venv" in text, f"{where}: venv is not /app/.venv")
        c.check(
            re.search(r"^USER 10001(:10001)?$", text, re.MULTILINE) is not None,
            f"{where}: does not run as uid 10001",
        )
        c.check(
            f'ENTRYPOINT ["python", "-m", "resumeflow_{name}"]' in text,
            f"{where}: ENTRYPOINT is not python -m resumeflow_{name}",
        )
        c.check(f"EXPOSE {port}" in text, f"{where}: does not EXPOSE {port}")
        c.check(
            "HEALTHCHECK" in text and "/healthz" in text and "urllib" in text,
            f"{where}: no urllib HEALTHCHECK on /healthz",
        )
        for source in re.findall(r"^COPY\s+(?!--from)(.+)\s+\S+$", text, re.MULTILINE):
            for item in source.split():
                c.check((ROOT / item).exists(), f"{where}: COPY source {item} does not exist")
                c.check(
                    any(item == a or item.startswith(a) for a in allowed),
                    f"{where}: COPY source {item} is excluded by .dockerignore",
                )
    c.passed.append("4 Dockerfiles: multi-stage uv build, uid 10001, healthcheck, entrypoint")


def check_prometheus(c: Checks, compose: dict[str, Any]) -> None:
    config = yaml.safe_load(PROMETHEUS.read_text(encoding="utf-8"))
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    for name, port in APPS.items():
        job = jobs.get(f"resumeflow-{name}")
        if job is None:
            c.errors.append(f"prometheus.yml: no job resumeflow-{name}")
            continue
        sd = job.get("dns_sd_configs", [{}])[0]
        c.check(
            sd.get("names") == [name] and sd.get("port") == port,
            f"prometheus.yml: resumeflow-{name} does not resolve {name}:{port}",
        )
    nats = jobs.get("nats", {})
    targets = [t for sc in nats.get("static_configs", []) for t in sc["targets"]]
    c.check(targets == ["nats-exporter:7777"], f"prometheus.yml: nats job targets {targets}")
    exporter = compose["services"]["nats-exporter"]
    c.check("-jsz=all" in exporter.get("command", []), "nats-exporter is not run with -jsz=all")
    for pattern in config.get("rule_files", []):
        c.check(
            bool(list(PROMETHEUS.parent.glob(pattern))),
            f"prometheus.yml: rule_files {pattern} matches nothing",
        )
    c.passed.append("prometheus.yml jobs match the compose services and ports")


def check_grafana(c: Checks, compose: dict[str, Any]) -> None:
    grafana = compose["services"]["grafana"]
    mounts = dict(
        str(v).split(":")[:2] for v in grafana.get("volumes", []) if str(v).startswith(".")
    )
    dashboards_in_container = mounts.get("./deploy/grafana/dashboards")
    for path in sorted(GRAFANA_PROVIDERS.glob("*.yml")):
        for provider in yaml.safe_load(path.read_text(encoding="utf-8"))["providers"]:
            c.check(
                provider["options"]["path"] == dashboards_in_container,
                f"{path.name}: provider path {provider['options']['path']} is not where "
                f"compose mounts the dashboards ({dashboards_in_container})",
            )
    for path in sorted(GRAFANA_DATASOURCES.glob("*.yml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["datasources"]:
            host = re.sub(r"^https?://([^:/]+).*$", r"\1", source["url"])
            c.check(host in compose["services"], f"{path.name}: datasource host {host} unknown")
    c.passed.append("Grafana provisioning paths and datasource match compose")


def main() -> int:
    text = COMPOSE.read_text(encoding="utf-8")
    compose = yaml.safe_load(text)
    c = Checks()
    check_services(c, compose, text)
    check_dockerfiles(c)
    check_prometheus(c, compose)
    check_grafana(c, compose)
    for line in c.passed:
        print(f"  ok   {line}")
    for error in c.errors:
        print(f"  FAIL {error}")
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main())
