"""The whole system as separate processes: nats-server, MongoDB, four services, plus
a local OpenAI-compatible server and a webhook receiver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.otlp_sink import OtlpSink
from resumeflow_dev.stack import Stack
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


@pytest.fixture
def stack(
    tmp_path: Path, mongo_url: str, db_name: str, fake_llm: FakeLLM, otlp: OtlpSink
) -> Iterator[Stack]:
    system = Stack(
        workdir=tmp_path / "stack",
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
    )
    try:
        system.start()
    except Exception:
        for name in ("nats", "mongo", "ingest", "parser", "enhancer", "notifier"):
            print(f"--- {name}\n{system.log_tail(name)}")
        system.stop()
        raise
    yield system
    system.stop()
