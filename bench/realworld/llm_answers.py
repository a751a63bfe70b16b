"""What a model would answer for a corpus document, for scoring the merge
(``score.py --llm perfect|wrong``).

* ``perfect``: the document's own truth, as a model that reads it perfectly would
  answer (phones in E.164, links as printed, skills and languages as written).
* ``wrong``: another document's truth: a confident model answering about someone
  else, with names, employers, schools and contacts that are not in this document.
"""

from __future__ import annotations

from typing import Any

from resumeflow_enhancer.llm import LLMProfile


def perfect(truth: dict[str, Any]) -> LLMProfile:
    return LLMProfile.model_validate(
        {
            "name": truth.get("name"),
            "location": truth.get("location"),
            "emails": list(truth.get("emails") or []),
            "phones": [p["value"] for p in truth.get("phones") or []],
            "links": [
                {"url": link["url"], "kind": link["kind"]} for link in truth.get("links") or []
            ],
            "experience": [
                {k: job.get(k) for k in ("employer", "title", "location", "start", "end")}
                | {"is_current": bool(job.get("is_current"))}
                for job in truth.get("experience") or []
            ],
            "education": [
                {
                    k: school.get(k)
                    for k in ("institution", "degree", "field", "start", "end", "grade")
                }
                for school in truth.get("education") or []
            ],
            "skills": [s["raw"] for s in truth.get("skills") or []],
            "languages": [
                {
                    "language": lang["language"],
                    "proficiency": lang.get("proficiency"),
                }
                for lang in truth.get("languages") or []
            ],
            "certifications": [
                {k: c.get(k) for k in ("name", "issuer", "date")}
                for c in truth.get("certifications") or []
            ],
        }
    )


def wrong(truth: dict[str, Any], corpus: list[dict[str, Any]]) -> LLMProfile:
    """The perfect answer for the next document (in corpus order) about someone else."""
    ids = [t["id"] for t in corpus]
    at = ids.index(truth["id"])
    for step in range(1, len(corpus)):
        other = corpus[(at + step) % len(corpus)]
        if other.get("name") != truth.get("name"):
            return perfect(other)
    return LLMProfile()
