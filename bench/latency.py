"""Upload-to-completed latency of single resumes on an idle local system.

    uv run python bench/latency.py [--resumes 10] [--llm-latency 0]

Starts the whole stack (nats-server, the development MongoDB server unless MONGODB_URL
is set, the four services), uploads one resume at a time and prints the 202 time and
the time until the API reports ``completed``. With ``--llm-latency`` the enhancer calls
a local OpenAI-compatible server that answers after that many seconds; without it the
enhancer is deterministic.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from resumeflow_dev import client
from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_dev.stack import Stack

NAMES = ["Ana Silva", "Ben Okoro", "Chloé Martin", "Dev Patel", "Elif Kaya", "Femi Adeyemi"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resumes", type=int, default=10)
    parser.add_argument("--llm-latency", type=float, default=None)
    args = parser.parse_args()
    env: dict[str, str] = {"LOG_LEVEL": "WARNING"}
    llm = None
    if args.llm_latency is not None:
        llm = FakeLLM(latency_s=args.llm_latency).start()
        env |= {"OPENAI_API_KEY": "bench", "OPENAI_BASE_URL": llm.base_url}
    stack = Stack(
        Path(tempfile.mkdtemp(prefix="rf-lat-")), mongodb_url=os.environ.get("MONGODB_URL"), env=env
    )
    accepted, completed = [], []
    try:
        stack.start()
        for i in range(args.resumes):
            pdf = resume_pdf(SampleResume(name=NAMES[i % len(NAMES)]))
            started = time.perf_counter()
            response = client.upload(stack.api_url, pdf)
            accepted.append(time.perf_counter() - started)
            resume_id = response.json()["id"]
            while client.get_resume(stack.api_url, resume_id)["status"] not in client.TERMINAL:
                time.sleep(0.02)
            completed.append(time.perf_counter() - started)
    finally:
        stack.stop()
        if llm:
            llm.stop()
    mode = "deterministic" if llm is None else f"LLM answering in ~{args.llm_latency}s"
    print(f"{args.resumes} resumes, one at a time, enhancer: {mode}")
    for label, values in (("upload -> 202", accepted), ("upload -> completed", completed)):
        ms = sorted(v * 1000 for v in values)
        print(
            f"{label:<22} median {statistics.median(ms):7.0f} ms   "
            f"min {ms[0]:7.0f} ms   max {ms[-1]:7.0f} ms"
        )


if __name__ == "__main__":
    main()
