"""Resume PDFs built with PyMuPDF for the parser tests.

Each builder writes text where a real resume template would (fonts, sizes,
columns, right-aligned dates) and returns the PDF bytes. Text outside Latin-1 is
set through ``insert_htmlbox`` so MuPDF embeds a font that has the glyphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pymupdf

from resumeflow_parser.extract.lines import Line
from resumeflow_shared.profile import ParseResult, Section

WIDTH, HEIGHT = 612.0, 792.0
TODAY = date(2024, 6, 15)  # "today" for every experience total in the tests


def section(result: ParseResult, name: str) -> Section:
    """The first section called ``name``."""
    found = [s for s in result.sections if s.name == name]
    assert found, f"no {name} section in {[s.name for s in result.sections]}"
    return found[0]


@dataclass
class Sheet:
    """Text runs for one page: (x, baseline y, text, size, bold)."""

    runs: list[tuple[float, float, str, float, bool]] = field(default_factory=list)
    shades: list[tuple[float, float, float, float]] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, size: float = 10, bold: bool = False) -> Sheet:
        self.runs.append((x, y, text, size, bold))
        return self

    def right(self, x1: float, y: float, text: str, size: float = 10, bold: bool = False) -> Sheet:
        """Right-aligned at ``x1``, like dates in most templates."""
        font = "hebo" if bold else "helv"
        return self.text(x1 - pymupdf.get_text_length(text, font, size), y, text, size, bold)

    def lines(
        self, x: float, y: float, texts: Sequence[str], size: float = 10, leading: float = 14
    ) -> float:
        """Left-aligned lines from ``y`` down; returns the next free baseline."""
        for text in texts:
            self.text(x, y, text, size)
            y += leading
        return y


def render(*sheets: Sheet, width: float = WIDTH, height: float = HEIGHT) -> bytes:
    doc = pymupdf.open()
    for sheet in sheets:
        page = doc.new_page(width=width, height=height)
        for x0, y0, x1, y1 in sheet.shades:
            page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=None, fill=(0.9, 0.9, 0.95))
        for x, y, text, size, bold in sheet.runs:
            _write(page, x, y, text, size, bold)
    data = doc.tobytes()
    doc.close()
    return bytes(data)


def _write(page: pymupdf.Page, x: float, y: float, text: str, size: float, bold: bool) -> None:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        weight = "bold" if bold else "normal"
        style = f"font-family: sans-serif; font-size: {size}pt; font-weight: {weight}; margin: 0"
        html = f'<p style="{style}">{text}</p>'
        rect = pymupdf.Rect(x, y - size * 1.05, x + 480, y + size)
        spare, _ = page.insert_htmlbox(rect, html)
        assert spare >= 0, f"text did not fit: {text!r}"
        return
    page.insert_text((x, y), text, fontname="hebo" if bold else "helv", fontsize=size)


def one_column(name: str = "Jane Q. Doe") -> bytes:
    s = Sheet()
    s.text(72, 64, name, size=22, bold=True)
    s.text(72, 84, "Senior Backend Engineer", size=12)
    s.text(
        72,
        102,
        "San Francisco, CA | jane.doe@example.com | (415) 555-0132 | "
        "linkedin.com/in/janedoe | github.com/janedoe",
        size=9,
    )
    s.text(72, 132, "SUMMARY", size=12, bold=True)
    s.lines(
        72,
        148,
        [
            "Backend engineer with eight years of experience building distributed systems",
            "in Python and Go, from payments to data platforms.",
        ],
    )
    s.text(72, 190, "EXPERIENCE", size=12, bold=True)
    y = 207.0
    for title, dates, employer, bullets in (
        (
            "Senior Software Engineer",
            "Jan 2020 – Present",
            "Acme Corp, San Francisco, CA",
            [
                "• Led the migration of 40 services to Kubernetes, cutting infrastructure",
                "  costs by 30%.",
                "• Built event pipelines on Kafka and PostgreSQL.",
            ],
        ),
        (
            "Software Engineer",
            "Mar 2016 – Jun 2020",
            "Globex Inc., New York, NY",
            ["• Designed REST APIs in Django used by 2M customers."],
        ),
        ("Engineering Intern", "Summer 2015", "Initech LLC, Austin, TX", []),
    ):
        s.text(72, y, title, size=10.5, bold=True)
        s.right(540, y, dates)
        s.text(72, y + 14, employer)
        y = s.lines(72, y + 28, bullets) + 6
    s.text(72, y + 8, "EDUCATION", size=12, bold=True)
    y += 25
    s.text(72, y, "B.Sc. in Computer Science", size=10.5, bold=True)
    s.right(540, y, "2012 – 2016")
    s.text(72, y + 14, "University of Texas at Austin")
    s.text(72, y + 28, "GPA: 3.8/4.0")
    y += 58
    s.text(72, y, "SKILLS", size=12, bold=True)
    y = s.lines(
        72,
        y + 17,
        [
            "Languages: Python, JS, TypeScript, Golang",
            "Infrastructure: k8s, Docker, Postgres, AWS, Terraform, CI/CD",
        ],
    )
    s.text(72, y + 12, "LANGUAGES", size=12, bold=True)
    s.text(72, y + 29, "English (Native), Spanish – C1, German: basic")
    y += 59
    s.text(72, y, "CERTIFICATIONS", size=12, bold=True)
    s.lines(
        72,
        y + 17,
        [
            "AWS Certified Solutions Architect – Associate, Amazon Web Services, 2021",
            "Certified Kubernetes Administrator (CKA), CNCF, Mar 2022",
        ],
    )
    return render(s)


def two_column() -> bytes:
    """A full-width header, then two equal columns written row by row (interleaved)."""
    s = Sheet()
    s.text(50, 60, "Marcus Lindqvist", size=24, bold=True)
    s.text(50, 80, "marcus.lindqvist@example.se | +46 70 123 45 67 | Stockholm, Sweden", size=9)
    left = [
        ("EXPERIENCE", 12.0, True),
        ("Staff Engineer", 10.5, True),
        ("Spotify AB", 10.0, False),
        ("2019-03 – 2023-08", 9.0, False),
        ("• Scaled the playlist service to 400M users", 10.0, False),
        ("  with Scala and Cassandra.", 10.0, False),
        ("• Mentored six engineers.", 10.0, False),
        ("Software Developer", 10.5, True),
        ("Klarna Bank AB", 10.0, False),
        ("06/2015 – 02/2019", 9.0, False),
        ("• Built risk models in Python.", 10.0, False),
    ]
    right = [
        ("EDUCATION", 12.0, True),
        ("KTH Royal Institute of Technology", 10.0, False),
        ("MSc in Computer Science", 10.0, False),
        ("2010 – 2015", 9.0, False),
        ("SKILLS", 12.0, True),
        ("Scala, Python, Cassandra,", 10.0, False),
        ("GCP, Kubernetes", 10.0, False),
        ("LANGUAGES", 12.0, True),
        ("Swedish — native", 10.0, False),
        ("English — fluent", 10.0, False),
    ]
    for k in range(max(len(left), len(right))):
        y = 120 + 16 * k
        for x, column in ((50.0, left), (330.0, right)):
            if k < len(column):
                text, size, bold = column[k]
                s.text(x, y, text, size=size, bold=bold)
    return render(s)


def sidebar() -> bytes:
    """A shaded 170pt sidebar (contact, skills, languages) beside the main column."""
    s = Sheet(shades=[(0, 0, 190, HEIGHT)])
    s.text(220, 70, "Priya Raman", size=26, bold=True)
    s.text(220, 92, "Data Scientist", size=13)
    y = 80.0
    s.text(24, y, "CONTACT", size=11, bold=True)
    y = s.lines(
        24,
        y + 18,
        ["priya.raman@example.in", "+91 98765 43210", "Bengaluru, India", "priyaraman.dev"],
        size=9,
        leading=13,
    )
    s.text(24, y + 14, "SKILLS", size=11, bold=True)
    y = s.lines(
        24,
        y + 32,
        ["Python", "scikit-learn", "PyTorch", "SQL", "Tableau", "Apache Spark"],
        size=9,
        leading=13,
    )
    s.text(24, y + 14, "LANGUAGES", size=11, bold=True)
    s.lines(24, y + 32, ["English (C2)", "Hindi (native)", "Tamil (native)"], size=9, leading=13)
    s.text(220, 140, "PROFESSIONAL EXPERIENCE", size=13, bold=True)
    s.text(220, 160, "Data Scientist, Flipkart", size=10.5, bold=True)
    s.right(580, 160, "Aug 2019 – Present", size=9)
    y = s.lines(
        220,
        175,
        [
            "• Built demand forecasting models that cut stock-outs by 18%.",
            "• Deployed PyTorch models with Docker.",
        ],
    )
    s.text(220, y + 6, "Analyst at Mu Sigma", size=10.5, bold=True)
    s.right(580, y + 6, "Jul 2016 – Jul 2019", size=9)
    s.text(220, y + 21, "• Churn analysis for retail clients.")
    s.text(220, y + 56, "EDUCATION", size=13, bold=True)
    s.text(220, y + 76, "Indian Institute of Technology Madras", size=10.5, bold=True)
    s.right(580, y + 76, "2012 – 2016", size=9)
    s.text(220, y + 91, "B.Tech Electrical Engineering")
    return render(s)


def simple(lines: Sequence[tuple[str, float, bool]], *, x: float = 72, top: float = 72) -> bytes:
    """One page with one (text, size, bold) per line, 16pt apart."""
    s = Sheet()
    for k, (text, size, bold) in enumerate(lines):
        s.text(x, top + 16 * k, text, size=size, bold=bold)
    return render(s)


def image_only(text_lines: Sequence[str], dpi: int = 200) -> bytes:
    """A scan: text rendered to an image, on a page with no text layer."""
    source = pymupdf.open(stream=simple([(t, 14, False) for t in text_lines]), filetype="pdf")
    pix = source[0].get_pixmap(dpi=dpi)
    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    page.insert_image(page.rect, pixmap=pix)
    data = doc.tobytes()
    return bytes(data)


def encrypted(data: bytes, *, user_pw: str, owner_pw: str = "owner-secret") -> bytes:
    doc = pymupdf.open(stream=data, filetype="pdf")
    out = doc.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw=user_pw,
        owner_pw=owner_pw,
        permissions=pymupdf.PDF_PERM_PRINT,
    )
    return bytes(out)


def pages(count: int) -> bytes:
    return render(*(Sheet().text(72, 72, f"Page {k + 1} text body") for k in range(count)))


def line(text: str, *, page: int = 1, y: float = 100.0, size: float = 10.0) -> Line:
    """A :class:`Line` with evenly spaced character boxes, for extractor unit tests."""
    boxes = tuple((72.0 + 5 * i, y, 77.0 + 5 * i, y + size) for i in range(len(text)))
    return Line(page=page, text=text, boxes=boxes, size=size, bold=False)


def text_bomb(pages: int = 4, lines: int = 420, per_line: int = 100) -> bytes:
    """Pages packed with tiny glyphs: small on disk, slow to lay out, under the page cap."""
    doc = pymupdf.open()
    word = b"abcdefghij" * (per_line // 10)
    for _ in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), "x", fontname="helv", fontsize=4)
        ops = [b"BT /helv 2 Tf"]
        ops += [b"1 0 0 1 10 %d Tm (%s) Tj" % (10 + (i % 390) * 2, word) for i in range(lines)]
        ops.append(b"ET")
        doc.update_stream(page.get_contents()[0], b"\n".join(ops))
    return bytes(doc.tobytes(deflate=True))


def with_side_labels(data: bytes, up: str, down: str) -> bytes:
    """``data`` with a label set sideways down each margin, as designed templates do:
    ``up`` read bottom to top on the left, ``down`` top to bottom on the right."""
    doc = pymupdf.open(stream=data, filetype="pdf")
    page = doc[0]
    page.insert_text((40, 600), up, fontname="hebo", fontsize=14, rotate=90)
    page.insert_text((575, 200), down, fontname="hebo", fontsize=14, rotate=-90)
    return bytes(doc.tobytes())
