"""The whole system as separate processes: nats-server, MongoDB, four services, plus
a local OpenAI-compatible server and a webhook receiver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo.uri_parser import parse_uri

from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.otlp_sink import OtlpSink
from resumeflow_dev.stack import Stack
from resumeflow_dev.tcp_proxy import TcpProxy
from resumeflow_dev.webhook_sink import TEST_SECRET, WebhookSink


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    llm = FakeLLM().start()
    yield llm
    llm.stop()


@pytest.fixture
def sink() -> Iterator[WebhookSink]:
    receiver = WebhookSink().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def otlp() -> Iterator[OtlpSink]:
    receiver = OtlpSink().start()
    yield receiver
    receiver.stop()


def _run_stack(
    workdir: Path,
    mongo_url: str,
    db_name: str,
    fake_llm: FakeLLM,
    otlp: OtlpSink,
    service_env: dict[str, dict[str, str]] | None = None,
    nats_auth: bool = False,
) -> Iterator[Stack]:
    system = Stack(
        workdir=workdir,
        nats_auth=nats_auth,
        mongodb_url=mongo_url,
        env={
            "MONGODB_DB": db_name,
            "LOG_LEVEL": "INFO",
            "OPENAI_API_KEY": "test-key",
            "OPENAI_BASE_URL": fake_llm.base_url,
            "ENHANCER_MODEL": "fake-model",
            "WEBHOOK_SIGNING_SECRET": TEST_SECRET,
            "PARSER_BACKOFF": "0.5,1,2",
            "ENHANCER_BACKOFF": "0.5,1,2",
            "NOTIFIER_BACKOFF": "0.5,1,2",
            "PARSER_ACK_WAIT_SECONDS": "5",
            "ENHANCER_ACK_WAIT_SECONDS": "5",
            "NOTIFIER_ACK_WAIT_SECONDS": "5",
            # every service exports its spans with the real OTLP exporter
            "OTEL_TRACES_EXPORTER": "otlp",
            "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "200",
        },
        service_env=service_env or {},
    )
    with system.serving():
        yield system


@pytest.fixture
def stack(
    tmp_path: Path, mongo_url: str, db_name: str, fake_llm: FakeLLM, otlp: OtlpSink
) -> Iterator[Stack]:
    yield from _run_stack(tmp_path / "stack", mongo_url, db_name, fake_llm, otlp)


@pytest.fixture
def auth_stack(
    tmp_path: Path, mongo_url: str, db_name: str, fake_llm: FakeLLM, otlp: OtlpSink
) -> Iterator[Stack]:
    """The stack with NATS running the deployed per-service users and permissions."""
    yield from _run_stack(tmp_path / "stack", mongo_url, db_name, fake_llm, otlp, nats_auth=True)


@pytest.fixture
def parser_db(mongo_url: str) -> Iterator[TcpProxy]:
    """The parser's road to MongoDB, to hold a parser at a known point of its work."""
    (host, port), *_ = parse_uri(mongo_url)["nodelist"]
    proxy = TcpProxy(host, port).start()
    yield proxy
    proxy.release()
    proxy.stop()


@pytest.fixture
def gated_stack(
    tmp_path: Path,
    mongo_url: str,
    db_name: str,
    fake_llm: FakeLLM,
    otlp: OtlpSink,
    parser_db: TcpProxy,
) -> Iterator[Stack]:
    """The stack with the parser reaching MongoDB through ``parser_db``.

    ``parser_db.hold()`` then freezes every parser handler at its next database call
    (the first one reads the resume), with the message delivered and not acked: the
    test knows exactly which state a kill or a SIGTERM hits.
    """
    # PARSER_CONCURRENCY is how many messages a held parser keeps in flight
    env = {"parser": {"MONGODB_URL": _via(mongo_url, parser_db.port), "PARSER_CONCURRENCY": "2"}}
    yield from _run_stack(tmp_path / "stack", mongo_url, db_name, fake_llm, otlp, env)


def _via(mongo_url: str, port: int) -> str:
    """``mongo_url`` pointed at the proxy; a direct connection, so the driver does not
    discover (and bypass to) the real members of a replica set."""
    (host, real_port), *_ = parse_uri(mongo_url)["nodelist"]
    url = mongo_url.replace(f"{host}:{real_port}", f"127.0.0.1:{port}", 1)
    assert url != mongo_url, f"cannot point {mongo_url} at a proxy (give host:port)"
    if "?" in url:
        return url + "&directConnection=true"
    return url + ("" if url.count("/") > 2 else "/") + "?directConnection=true"
