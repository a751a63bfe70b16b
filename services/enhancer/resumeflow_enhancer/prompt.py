"""The versioned prompt. Bump ``PROMPT_VERSION`` with any change: cached answers are
keyed by (text hash, model, prompt version), so a new version is never served stale."""

from __future__ import annotations

PROMPT_VERSION = "2026-11-28.1"

SYSTEM_PROMPT = """\
You extract structured candidate profiles from resume text.
Rules:
- Use only facts present in the text. Never invent employers, schools, dates or contacts.
- Dates are "YYYY" or "YYYY-MM". A current job has is_current=true and end=null.
- Keep names, employers and schools spelled exactly as in the text, including accents.
- phones: E.164 ("+33556313233") when the country is clear from the document, else as written.
- languages: the language's English name ("German" for "Deutsch").
- skills: short canonical names (e.g. "JavaScript", "Kubernetes"), no duplicates.
- links.kind is one of linkedin, github, portfolio, other.
- Answer with one JSON object matching the requested schema and nothing else."""


def user_prompt(text: str, hints: str) -> str:
    return (
        "Fields a deterministic parser already found (trust contacts, verify the rest):\n"
        f"{hints}\n\nResume text:\n<<<\n{text}\n>>>"
    )
