"""LaTeX CV classes from Debian's texlive, compiled with pdflatex from our own content.

Templates: moderncv in each of its styles, europasscv, currvita, simplecv, and two
article-class designs of our own (a dates gutter table; right-aligned dates).
Nothing from the classes' shipped example CVs is used.
"""

from __future__ import annotations

import random
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import content
import headings
import phonebook
from content import Resume

Render = Callable[[Resume, random.Random], tuple[bytes, bool]]

_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$", "~": r"\~{}"}


def tex(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in text)


def compile_tex(source: str, files: dict[str, str] | None = None) -> bytes:
    """pdflatex on ``source``; ``files`` are further inputs (name -> text) beside it."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in (files or {}).items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        path = Path(tmp) / "cv.tex"
        if random.Random(source).random() < 0.5:
            source = UNICODE_MAP + source
        path.write_text(source, encoding="utf-8")
        cmd = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "cv.tex"]
        done = subprocess.run(cmd, cwd=tmp, capture_output=True, timeout=120, check=False)
        pdf = Path(tmp) / "cv.pdf"
        if not pdf.exists():
            log = done.stdout.decode("utf-8", "replace")[-1500:]
            raise RuntimeError(f"pdflatex failed:\n{log}")
        return pdf.read_bytes()


def _date_style(rng: random.Random) -> tuple[str, bool]:
    style = rng.choice(("mon", "month", "mm/yyyy", "yyyy", "mm.yyyy"))
    return style, style == "yyyy"


def _url(bare: str) -> str:
    return f"https://{bare}"


PREAMBLE = "\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
# Half the documents map glyphs to Unicode (as a careful author does); the rest keep
# pdflatex's default, where ligatures and "--" have no Unicode in the text layer.
UNICODE_MAP = "\\input{glyphtounicode}\\pdfgentounicode=1\n"


def _moderncv_identity(r: Resume, phone_kind: str) -> list[str]:
    """moderncv's name, title, address, phone, email and social lines."""
    lines = [
        f"\\name{{{tex(r.given)}}}{{{tex(r.family)}}}",
        f"\\title{{{tex(r.headline)}}}",
        f"\\address{{{tex(r.city)}}}{{}}{{}}",
        f"\\phone[{phone_kind}]{{{tex(r.phone.raw)}}}",
        f"\\email{{{tex(r.email)}}}",
    ]
    for bare, kind in r.links:
        if kind == "linkedin":
            lines.append(f"\\social[linkedin]{{{bare.split('/in/')[1]}}}")
        elif kind == "github":
            lines.append(f"\\social[github]{{{bare.split('/')[1]}}}")
        else:
            lines.append(f"\\homepage{{{bare}}}")
    return lines


def _moderncv_skills_languages(r: Resume, h: dict[str, str]) -> list[str]:
    """moderncv's closing skills and languages sections, and the end of the document."""
    lines = [
        f"\\section{{{tex(h['skills'])}}}",
        f"\\cvitem{{}}{{{tex(', '.join(r.skills))}}}",
        f"\\section{{{tex(h['languages'])}}}",
    ]
    for canon, level in r.languages:
        lines.append(
            f"\\cvitem{{{tex(r.lang_label(canon))}}}{{{tex(headings.level(r.lang, level))}}}"
        )
    return [*lines, "\\end{document}"]


def moderncv(style: str) -> Render:
    def render(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
        ds, year_only = _date_style(rng)
        h = headings.pick(r.lang, rng, unusual=False)
        color = rng.choice(("blue", "orange", "green", "red", "grey", "burgundy", "purple"))
        lines = [
            f"\\documentclass[11pt,a4paper,{rng.choice(('sans', 'roman'))}]{{moderncv}}",
            f"\\moderncvstyle{{{style}}}",
            f"\\moderncvcolor{{{color}}}",
            PREAMBLE,
            "\\usepackage[scale=0.8]{geometry}",
            *_moderncv_identity(r, "mobile"),
        ]
        lines += ["\\begin{document}", "\\makecvtitle", f"\\section{{{tex(h['experience'])}}}"]
        for j in r.jobs:
            dates = content.show_range(j.start, j.end, ds, r.lang, sep="--")
            desc = ""
            if j.bullets:
                items = "".join(f"\\item {tex(b)}" for b in j.bullets)
                desc = f"\\begin{{itemize}}{items}\\end{{itemize}}"
            lines.append(
                f"\\cventry{{{tex(dates)}}}{{{tex(j.title)}}}{{{tex(j.employer)}}}"
                f"{{{tex(j.city or '')}}}{{}}{{{desc}}}"
            )
        lines.append(f"\\section{{{tex(h['education'])}}}")
        for s in r.schools:
            dates = content.show_range(s.start, s.end, ds, r.lang, sep="--")
            lines.append(
                f"\\cventry{{{tex(dates)}}}{{{tex(s.degree)} {tex(s.subject)}}}"
                f"{{{tex(s.institution)}}}{{}}{{}}{{}}"
            )
        lines += _moderncv_skills_languages(r, h)
        return compile_tex("\n".join(lines)), year_only

    return render


def europasscv(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, year_only = _date_style(rng)
    links = "".join(
        f"\\ecvlinkedinpage{{{_url(b)}}}"
        if k == "linkedin"
        else f"\\ecvgithubpage{{{_url(b)}}}"
        if k == "github"
        else f"\\ecvhomepage{{{_url(b)}}}"
        for b, k in r.links
    )
    body = [
        "\\documentclass[english,a4paper]{europasscv}",
        PREAMBLE,
        "\\usepackage[english]{babel}",
        f"\\ecvname{{{tex(r.name)}}}",
        f"\\ecvaddress{{{tex(r.city)}}}",
        f"\\ecvmobile{{{tex(r.phone.raw)}}}",
        f"\\ecvemail{{{tex(r.email)}}}",
        links,
        "\\begin{document}",
        "\\begin{europasscv}",
        "\\ecvpersonalinfo",
        "\\ecvsection{Work experience}",
    ]
    for j in r.jobs:
        dates = content.show_range(j.start, j.end, ds, r.lang, sep=" -- ")
        body.append(f"\\ecvtitle{{{tex(dates)}}}{{{tex(j.title)}}}")
        where = j.employer + (f", {j.city}" if j.city else "")
        body.append(f"\\ecvitem{{}}{{{tex(where)}}}")
        if j.bullets:
            items = "".join(f"\\item {tex(b)}" for b in j.bullets)
            body.append(f"\\ecvitem{{}}{{\\begin{{ecvitemize}}{items}\\end{{ecvitemize}}}}")
    body.append("\\ecvsection{Education and training}")
    for s in r.schools:
        dates = content.show_range(s.start, s.end, ds, r.lang, sep=" -- ")
        body.append(f"\\ecvtitle{{{tex(dates)}}}{{{tex(s.degree)} {tex(s.subject)}}}")
        body.append(f"\\ecvitem{{}}{{{tex(s.institution)}}}")
    body.append("\\ecvsection{Personal skills}")
    native = r.lang_label(r.languages[0][0])
    body.append(f"\\ecvmothertongue{{{tex(native)}}}")
    others = ", ".join(
        f"{r.lang_label(c)} ({headings.level(r.lang, lv)})" for c, lv in r.languages[1:]
    )
    body.append(f"\\ecvitem{{Other languages}}{{{tex(others)}}}")
    body.append(f"\\ecvitem{{Digital skills}}{{{tex(', '.join(r.skills))}}}")
    body += ["\\end{europasscv}", "\\end{document}"]
    return compile_tex("\n".join(body)), year_only


def currvita(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, year_only = _date_style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    contact = " \\textbullet{} ".join(
        tex(x) for x in [r.city, r.email, r.phone.raw, *[b for b, _ in r.links]]
    )
    out = [
        "\\documentclass[a4paper,11pt]{article}",
        PREAMBLE,
        "\\usepackage[NoDate]{currvita}",
        "\\usepackage[margin=2cm]{geometry}",
        "\\begin{document}",
        f"\\begin{{cv}}{{{tex(r.name)}}}",
        f"{contact}\\par",
        f"\\begin{{cvlist}}{{{tex(h['experience'])}}}",
    ]
    for j in r.jobs:
        dates = content.show_range(j.start, j.end, ds, r.lang, sep="--")
        line = f"\\textbf{{{tex(j.employer)}}}, {tex(j.title)}"
        if j.bullets:
            line += "\\newline " + " ".join(tex(b) for b in j.bullets)
        out.append(f"\\item[{tex(dates)}] {line}")
    out.append("\\end{cvlist}")
    out.append(f"\\begin{{cvlist}}{{{tex(h['education'])}}}")
    for s in r.schools:
        dates = content.show_range(s.start, s.end, ds, r.lang, sep="--")
        out.append(f"\\item[{tex(dates)}] {tex(s.degree)} {tex(s.subject)}, {tex(s.institution)}")
    out.append("\\end{cvlist}")
    out.append(
        f"\\begin{{cvlist}}{{{tex(h['skills'])}}}\\item {tex(', '.join(r.skills))}\\end{{cvlist}}"
    )
    langs = "; ".join(f"{r.lang_label(c)}: {headings.level(r.lang, lv)}" for c, lv in r.languages)
    out.append(f"\\begin{{cvlist}}{{{tex(h['languages'])}}}\\item {tex(langs)}\\end{{cvlist}}")
    out += ["\\end{cv}", "\\end{document}"]
    return compile_tex("\n".join(out)), year_only


def simplecv(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, year_only = _date_style(rng)
    h = headings.pick(r.lang, rng, unusual=False)
    out = [
        "\\documentclass[a4paper,sf]{simplecv}",
        PREAMBLE,
        f"\\title{{{tex(r.name)}}}",
        f"\\leftheader{{{tex(r.city)}\\\\{tex(r.phone.raw)}}}",
        f"\\rightheader{{{tex(r.email)}\\\\{tex(' '.join(b for b, _ in r.links))}}}",
        "\\begin{document}",
        "\\maketitle",
        f"\\section{{{tex(h['experience'])}}}",
        "\\begin{topic}",
    ]
    for j in r.jobs:
        dates = content.show_range(j.start, j.end, ds, r.lang, sep="--")
        out.append(f"\\item[{tex(dates)}] \\textbf{{{tex(j.title)}}}, {tex(j.employer)}")
        for b in j.bullets:
            out.append(f"\\newline {tex(b)}")
    out += ["\\end{topic}", f"\\section{{{tex(h['education'])}}}", "\\begin{topic}"]
    for s in r.schools:
        dates = content.show_range(s.start, s.end, ds, r.lang, sep="--")
        out.append(
            f"\\item[{tex(dates)}] {tex(s.degree)} {tex(s.subject)}\\newline {tex(s.institution)}"
        )
    out += ["\\end{topic}", f"\\section{{{tex(h['skills'])}}}", tex(", ".join(r.skills))]
    out.append(f"\\section{{{tex(h['languages'])}}}")
    out.append(
        tex(", ".join(f"{r.lang_label(c)} ({headings.level(r.lang, lv)})" for c, lv in r.languages))
    )
    out.append("\\end{document}")
    return compile_tex("\n".join(out)), year_only


def article_gutter(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """Dates in a left gutter column of a tabular, icons (fontawesome5) before contacts."""
    ds, year_only = _date_style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    icons = {"linkedin": "\\faLinkedin", "github": "\\faGithub", "portfolio": "\\faGlobe"}
    contacts = [
        f"\\faMapMarker*~{tex(r.city)}",
        f"\\faPhone~{tex(r.phone.raw)}",
        f"\\faEnvelope~\\href{{mailto:{r.email}}}{{{tex(r.email)}}}",
        *[f"{icons[k]}~\\href{{{_url(b)}}}{{{tex(b)}}}" for b, k in r.links],
    ]
    out = [
        "\\documentclass[10pt,a4paper]{article}",
        PREAMBLE,
        "\\usepackage{fontawesome5,tabularx,xcolor}",
        "\\usepackage[margin=1.8cm]{geometry}",
        "\\usepackage[hidelinks]{hyperref}",
        "\\pagestyle{empty}\\setlength{\\parindent}{0pt}",
        "\\newcommand{\\sect}[1]{\\vspace{8pt}{\\large\\color{teal}\\textsc{#1}}\\\\[-6pt]\\rule{\\textwidth}{0.4pt}\\\\}",
        "\\begin{document}",
        f"{{\\Huge {tex(r.name)}}}\\\\[4pt]",
        f"{{\\large {tex(r.headline)}}}\\\\[4pt]",
        " \\quad ".join(contacts) + "\\\\",
        f"\\sect{{{tex(h['experience'])}}}",
        "\\begin{tabularx}{\\textwidth}{@{}p{3.2cm}X@{}}",
    ]
    for j in r.jobs:
        dates = content.show_range(j.start, j.end, ds, r.lang, sep=" -- ")
        bullets = "".join(f"\\newline -- {tex(b)}" for b in j.bullets)
        out.append(
            f"{{\\small {tex(dates)}}} & \\textbf{{{tex(j.title)}}}\\newline "
            f"\\textit{{{tex(j.employer)}}}{bullets}\\\\[4pt]"
        )
    out += ["\\end{tabularx}", f"\\sect{{{tex(h['education'])}}}"]
    out.append("\\begin{tabularx}{\\textwidth}{@{}p{3.2cm}X@{}}")
    for s in r.schools:
        dates = content.show_range(s.start, s.end, ds, r.lang, sep=" -- ")
        out.append(
            f"{{\\small {tex(dates)}}} & \\textbf{{{tex(s.degree)} {tex(s.subject)}}}"
            f"\\newline {tex(s.institution)}\\\\[4pt]"
        )
    out += ["\\end{tabularx}", f"\\sect{{{tex(h['skills'])}}}", tex(" · ".join(r.skills)) + "\\\\"]
    out.append(f"\\sect{{{tex(h['languages'])}}}")
    out.append(
        tex(", ".join(f"{r.lang_label(c)} ({headings.level(r.lang, lv)})" for c, lv in r.languages))
    )
    out.append("\\end{document}")
    return compile_tex("\n".join(out)), year_only


def article_rightdates(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """Employer bold with dates flush right, title italic below; centred header."""
    ds, year_only = _date_style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    out = [
        "\\documentclass[11pt,letterpaper]{article}",
        PREAMBLE,
        "\\usepackage{charter}",
        "\\usepackage[margin=0.8in]{geometry}",
        "\\pagestyle{empty}\\setlength{\\parindent}{0pt}",
        "\\newcommand{\\sect}[1]{\\vspace{6pt}{\\bfseries\\MakeUppercase{#1}}\\\\[-8pt]\\hrule\\vspace{4pt}}",
        "\\begin{document}",
        f"\\begin{{center}}{{\\LARGE\\bfseries {tex(r.name)}}}\\\\[2pt]",
        tex(" | ".join([r.phone.raw, r.email, *[b for b, _ in r.links], r.city])),
        "\\end{center}",
        f"\\sect{{{tex(h['experience'])}}}",
    ]
    for j in r.jobs:
        dates = content.show_range(j.start, j.end, ds, r.lang, sep=" -- ")
        where = f", {tex(j.city)}" if j.city else ""
        out.append(f"\\textbf{{{tex(j.employer)}}}{where} \\hfill {tex(dates)}\\\\")
        out.append(f"\\textit{{{tex(j.title)}}}\\\\")
        if j.bullets:
            out.append("\\begin{itemize}\\setlength\\itemsep{0pt}")
            out += [f"\\item {tex(b)}" for b in j.bullets]
            out.append("\\end{itemize}")
        out.append("\\vspace{4pt}")
    out.append(f"\\sect{{{tex(h['education'])}}}")
    for s in r.schools:
        dates = content.show_range(s.start, s.end, ds, r.lang, sep=" -- ")
        out.append(f"\\textbf{{{tex(s.institution)}}} \\hfill {tex(dates)}\\\\")
        out.append(f"{tex(s.degree)}, {tex(s.subject)}\\\\[4pt]")
    out += [f"\\sect{{{tex(h['skills'])}}}", tex(", ".join(r.skills)) + "\\\\"]
    out.append(f"\\sect{{{tex(h['languages'])}}}")
    out.append(
        tex(", ".join(f"{r.lang_label(c)} ({headings.level(r.lang, lv)})" for c, lv in r.languages))
    )
    out.append("\\end{document}")
    return compile_tex("\n".join(out)), year_only


def curve(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """The ``curve`` class: rubrics read from their own files, keys (dates) in a left
    column, Font Awesome glyphs before the contacts in the right header."""
    ds, year_only = _date_style(rng)
    if rng.random() < 0.7:
        r.phone = phonebook.landline(rng, r.country)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    school_after = rng.random() < 0.5
    if not school_after:
        content.print_long_degrees(r)

    def rubric(title: str, entries: list[str]) -> str:
        return f"\\begin{{rubric}}{{{tex(title)}}}\n" + "\n".join(entries) + "\n\\end{rubric}\n"

    jobs = []
    for j in r.jobs:
        dates = content.show_range(j.start, j.end, ds, r.lang, sep="--")
        where = f", {tex(j.city)}" if j.city else ""
        line = f"\\entry*[{tex(dates)}] \\textbf{{{tex(j.title)}}}, {tex(j.employer)}{where}."
        if j.bullets:
            line += " " + " ".join(tex(b) for b in j.bullets)
        jobs.append(line)
    edu = []
    for s in r.schools:
        dates = content.show_range(s.start, s.end, ds, r.lang, sep="--")
        if school_after:
            edu.append(
                f"\\entry*[{tex(dates)}] {tex(s.degree)} {tex(s.subject)}, "
                f"\\textsc{{{tex(s.institution)}}}"
            )
        else:
            edu.append(
                f"\\entry*[{tex(dates)}] \\textbf{{{tex(s.institution)}}}\\newline "
                f"{tex(s.degree)}, {tex(s.subject)}"
            )
    langs = [
        f"\\entry*[{tex(r.lang_label(c))}] {tex(headings.level(r.lang, lv))}"
        for c, lv in r.languages
    ]
    files = {
        "experience.tex": rubric(h["experience"], jobs),
        "education.tex": rubric(h["education"], edu),
        "skills.tex": rubric(h["skills"], [f"\\entry*[] {tex(', '.join(r.skills))}"]),
        "languages.tex": rubric(h["languages"], langs),
    }
    right = [
        f"\\faPhone*~{tex(r.phone.raw)}",
        f"\\faEnvelope[regular]~{tex(r.email)}",
        *[f"\\faLink~{tex(b)}" for b, _ in r.links],
    ]
    out = [
        "\\documentclass[a4paper,11pt]{curve}",
        PREAMBLE,
        "\\usepackage{fontawesome5}",
        "\\usepackage[margin=2cm]{geometry}",
        "\\rubricalignment{cl}",
        f"\\leftheader{{{tex(r.city)}}}",
        "\\rightheader{" + "\\\\".join(right) + "}",
        f"\\title{{{tex(r.name)}}}",
        f"\\subtitle{{{tex(r.headline)}}}",
        "\\begin{document}",
        "\\makeheaders[c]",
        "\\maketitle",
        "\\makerubric{experience}",
        "\\makerubric{education}",
        "\\makerubric{skills}",
        "\\makerubric{languages}",
        "\\end{document}",
    ]
    return compile_tex("\n".join(out), files), year_only


SINCE = {"en": "since", "de": "seit", "fr": "depuis", "es": "desde", "it": "dal", "nl": "sinds"}
SINCE |= {"pt": "desde"}


def moderncv_timeline(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """moderncv with ``moderntimeline``: a year bar drawn in the date column, the years
    printed as small labels on it (so dates are years only), awesome icons for contacts."""
    if rng.random() < 0.7:
        r.phone = phonebook.landline(rng, r.country)
    h = headings.pick(r.lang, rng, unusual=False)
    style = rng.choice(("classic", "casual", "banking"))
    years = [j.start // 12 for j in r.jobs] + [s.start // 12 for s in r.schools]
    first, last = min(years), content.REFERENCE_MONTH // 12 + 1
    lines = [
        "\\documentclass[11pt,a4paper,sans]{moderncv}",
        f"\\moderncvstyle{{{style}}}",
        f"\\moderncvcolor{{{rng.choice(('blue', 'green', 'orange', 'purple'))}}}",
        "\\moderncvicons{awesome}",
        PREAMBLE,
        "\\usepackage[scale=0.8]{geometry}",
        "\\usepackage{moderntimeline}",
        f"\\tlmaxdates{{{first}}}{{{last}}}",
        f"\\tlsince{{{SINCE[r.lang]} }}",
        *_moderncv_identity(r, "fixed"),
    ]
    lines += ["\\begin{document}", "\\makecvtitle", f"\\section{{{tex(h['experience'])}}}"]
    for j in r.jobs:
        end = "0" if j.end is None else str(j.end // 12)
        desc = ""
        if j.bullets:
            desc = (
                "\\begin{itemize}"
                + "".join(f"\\item {tex(b)}" for b in j.bullets)
                + "\\end{itemize}"
            )
        lines.append(
            f"\\tlcventry{{{j.start // 12}}}{{{end}}}{{{tex(j.title)}}}{{{tex(j.employer)}}}"
            f"{{{tex(j.city or '')}}}{{}}{{{desc}}}"
        )
    lines.append(f"\\section{{{tex(h['education'])}}}")
    for s in r.schools:
        lines.append(
            f"\\tlcventry{{{s.start // 12}}}{{{s.end // 12}}}{{{tex(s.degree)} {tex(s.subject)}}}"
            f"{{{tex(s.institution)}}}{{}}{{}}{{}}"
        )
    lines += _moderncv_skills_languages(r, h)
    return compile_tex("\n".join(lines)), True


TEMPLATES: dict[str, Render] = {
    **{f"moderncv-{s}": moderncv(s) for s in ("casual", "classic", "banking", "oldstyle", "fancy")},
    "europasscv": europasscv,
    "currvita": currvita,
    "simplecv": simplecv,
    "latex-gutter": article_gutter,
    "latex-rightdates": article_rightdates,
    "latex-curve": curve,
    "moderncv-timeline": moderncv_timeline,
}
