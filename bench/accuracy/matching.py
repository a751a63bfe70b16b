"""How a prediction is compared with the truth, field by field.

Every field turns a resume into a list of *keys*; a file's predicted keys and truth
keys are matched as multisets (a value predicted twice but true once scores one hit
and one false positive). Counts are summed over all files (micro-average):

    precision = matched / predicted      recall = matched / truth

A field with nothing predicted but something to find scores 0, not "undefined"; a
field with nothing to find and nothing predicted scores 1.

Normalisation (``norm``): Unicode NFKD, diacritics dropped, case-folded, dots
removed ("M.Sc." = "MSc"), every other run of characters except letters, digits, "+",
"#" and "&" turned into one space. Emails are case-folded; URLs also lose the scheme,
"www." and a trailing "/"; phones compare the E.164 string exactly; dates compare the
"YYYY" / "YYYY-MM" string exactly (a month invented for "2019" is wrong), and a
current job's end is the token "present" on both sides.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from resumeflow_shared.profile import CandidateProfile

Truth = dict[str, Any]


def norm(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("ß", "ss").replace(".", "")
    return re.sub(r"[^\w+#&]+|_", " ", plain).strip()


def norm_exact(text: str | None) -> str:
    """Whitespace-collapsed NFC: diacritics and case must be right."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def norm_url(url: str | None) -> str:
    u = (url or "").strip().casefold()
    u = re.sub(r"^[a-z]+://", "", u)
    u = u.removeprefix("www.")
    return u.rstrip("/")


def _keys(values: Iterable[str]) -> list[str]:
    return [v for v in values if v]


def _end(end: str | None, current: bool) -> str:
    return "present" if current else (end or "")


@dataclass(frozen=True)
class Field:
    name: str
    truth: Callable[[Truth], list[str]]
    pred: Callable[[CandidateProfile], list[str]]
    # Extra keys a truth item accepts (same order as ``truth``); None: only its key.
    accept: Callable[[Truth], list[set[str]]] | None = None
    supplementary: bool = False


def _degree_accept(t: Truth) -> list[set[str]]:
    out = []
    for e in t["education"]:
        d, f = e["degree"], e["field"]
        out.append({norm(d), norm(f"{d} {f}"), norm(f"{d} in {f}")})
    return out


FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        lambda t: _keys([norm(t["name"])]),
        lambda p: _keys([norm(p.name.value if p.name else "")]),
    ),
    Field(
        "email",
        lambda t: _keys(e.casefold() for e in t["emails"]),
        lambda p: _keys(e.value.strip().casefold() for e in p.emails),
    ),
    Field(
        "phone",
        lambda t: _keys(x["value"] for x in t["phones"]),
        lambda p: _keys(x.value.strip() for x in p.phones),
    ),
    Field(
        "link",
        lambda t: _keys(f"{x['kind']} {norm_url(x['url'])}" for x in t["links"]),
        lambda p: _keys(f"{x.kind} {norm_url(x.url)}" for x in p.links),
    ),
    Field(
        "location",
        lambda t: _keys([norm(t["location"])]),
        lambda p: _keys([norm(p.location.value if p.location else "")]),
    ),
    Field(
        "employer",
        lambda t: _keys(norm(j["employer"]) for j in t["experience"]),
        lambda p: _keys(norm(j.employer) for j in p.experience),
    ),
    Field(
        "job_title",
        lambda t: _keys(norm(j["title"]) for j in t["experience"]),
        lambda p: _keys(norm(j.title) for j in p.experience),
    ),
    Field(
        "job_start",
        lambda t: _keys(j["start"] for j in t["experience"]),
        lambda p: _keys(j.start for j in p.experience),
    ),
    Field(
        "job_end",
        lambda t: _keys(_end(j["end"], j["is_current"]) for j in t["experience"]),
        lambda p: _keys(_end(j.end, j.is_current) for j in p.experience),
    ),
    Field(
        "education_institution",
        lambda t: _keys(norm(e["institution"]) for e in t["education"]),
        lambda p: _keys(norm(e.institution) for e in p.education),
    ),
    Field(
        "degree",
        lambda t: _keys(norm(e["degree"]) for e in t["education"]),
        lambda p: _keys(norm(e.degree) for e in p.education),
        accept=_degree_accept,
    ),
    Field(
        "skills",
        lambda t: _keys(norm(s["name"]) for s in t["skills"]),
        lambda p: _keys(norm(s.name) for s in p.skills),
    ),
    Field(
        "languages",
        lambda t: _keys(norm(x["language"]) for x in t["languages"]),
        lambda p: _keys(norm(x.language) for x in p.languages),
    ),
    Field(
        "certifications",
        lambda t: _keys(norm(c["name"]) for c in t["certifications"]),
        lambda p: _keys(norm(c.name) for c in p.certifications),
    ),
    # Supplementary: stricter or finer views of the same data.
    Field(
        "name_exact",
        lambda t: _keys([norm_exact(t["name"])]),
        lambda p: _keys([norm_exact(p.name.value if p.name else "")]),
        supplementary=True,
    ),
    Field(
        "experience_entry",
        lambda t: _keys(
            "|".join(
                (
                    norm(j["employer"]),
                    norm(j["title"]),
                    j["start"] or "",
                    _end(j["end"], j["is_current"]),
                )
            )
            for j in t["experience"]
        ),
        lambda p: _keys(
            "|".join((norm(j.employer), norm(j.title), j.start or "", _end(j.end, j.is_current)))
            for j in p.experience
        ),
        supplementary=True,
    ),
    Field(
        "education_end",
        lambda t: _keys(e["end"] for e in t["education"]),
        lambda p: _keys(e.end for e in p.education),
        supplementary=True,
    ),
    Field(
        "language_proficiency",
        lambda t: _keys(f"{norm(x['language'])}|{norm(x['proficiency'])}" for x in t["languages"]),
        lambda p: _keys(f"{norm(x.language)}|{norm(x.proficiency)}" for x in p.languages),
        supplementary=True,
    ),
)


def match_count(truth_items: list[set[str]], pred_keys: list[str]) -> int:
    """Largest one-to-one matching of predictions to truth items (Kuhn's algorithm)."""
    owner: dict[int, int] = {}  # truth index -> prediction index

    def place(p: int, seen: set[int]) -> bool:
        for t, accepted in enumerate(truth_items):
            if pred_keys[p] in accepted and t not in seen:
                seen.add(t)
                if t not in owner or place(owner[t], seen):
                    owner[t] = p
                    return True
        return False

    return sum(place(p, set()) for p in range(len(pred_keys)))


@dataclass
class Counts:
    truth: int = 0
    pred: int = 0
    matched: int = 0

    def add(self, other: Counts) -> None:
        self.truth += other.truth
        self.pred += other.pred
        self.matched += other.matched

    @property
    def precision(self) -> float:
        if self.pred == 0:
            return 1.0 if self.truth == 0 else 0.0
        return self.matched / self.pred

    @property
    def recall(self) -> float:
        if self.truth == 0:
            return 1.0 if self.pred == 0 else 0.0
        return self.matched / self.truth

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def compare(
    field: Field, truth: Truth, pred: CandidateProfile
) -> tuple[Counts, list[str], list[str]]:
    """Counts for one file, plus the unmatched truth keys and predicted keys."""
    t_keys, p_keys = field.truth(truth), field.pred(pred)
    accepts = field.accept(truth) if field.accept else [{k} for k in t_keys]
    if field.accept is None:
        common = Counter(t_keys) & Counter(p_keys)
        matched = sum(common.values())
        missed = list((Counter(t_keys) - common).elements())
        extra = list((Counter(p_keys) - common).elements())
        return Counts(len(t_keys), len(p_keys), matched), missed, extra
    matched = match_count(accepts, p_keys)
    missed = [k for k, ok in zip(t_keys, accepts, strict=True) if not ok & set(p_keys)]
    extra = [k for k in p_keys if not any(k in ok for ok in accepts)]
    return Counts(len(t_keys), len(p_keys), matched), missed, extra


TOLERANCE_MONTHS = 3


def experience_months(truth: Truth, pred: CandidateProfile) -> Counts:
    """``total_experience_months`` as a one-key field: a hit is within +-3 months.

    A prediction of 0 counts as "not predicted" (the model's default), so recall is
    the share of resumes whose total is within tolerance.
    """
    expected = int(truth["total_experience_months"])
    got = pred.total_experience_months
    hit = got > 0 and abs(got - expected) <= TOLERANCE_MONTHS
    return Counts(truth=1, pred=1 if got > 0 else 0, matched=int(hit))
