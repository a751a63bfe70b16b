"""Sample resumes (PDFs made with PyMuPDF, DOCX with python-docx), for the README
example, tests and benchmarks.

The values a sample renders are its ground truth: tests compare extracted fields with
the inputs given here, never with a parser's earlier output.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import docx
import pymupdf


@dataclass(frozen=True)
class SampleResume:
    name: str = "Jane Doe"
    email: str = "jane.doe@example.com"
    phone: str = "+1 415 555 0132"
    location: str = "San Francisco, CA"
    headline: str = "Senior Backend Engineer"
    jobs: tuple[tuple[str, str, str], ...] = (
        ("Acme Corp", "Senior Backend Engineer", "Jan 2021 - Present"),
        ("Globex", "Software Engineer", "Mar 2017 - Dec 2020"),
    )
    school: str = "University of California, Berkeley"
    degree: str = "B.S. Computer Science, 2013 - 2017"
    skills: tuple[str, ...] = ("Python", "PostgreSQL", "Kubernetes", "JS")
    extra_lines: tuple[str, ...] = field(default=())


def resume_pdf(sample: SampleResume | None = None) -> bytes:
    """A one-page, one-column resume with the sample's values as text."""
    s = sample or SampleResume()
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = 72.0

    def line(text: str, size: float = 10.5, font: str = "helv", gap: float = 15) -> None:
        nonlocal y
        page.insert_text((72, y), text, fontsize=size, fontname=font)
        y += gap

    line(s.name, size=20, font="hebo", gap=22)
    line(s.headline, size=12)
    line(f"{s.email}  |  {s.phone}  |  {s.location}", gap=26)
    line("EXPERIENCE", size=13, font="hebo", gap=18)
    for employer, title, dates in s.jobs:
        line(f"{title}, {employer}", font="hebo")
        line(dates)
        line("- Built and ran services used by millions of people", gap=20)
    line("EDUCATION", size=13, font="hebo", gap=18)
    line(s.school, font="hebo")
    line(s.degree, gap=22)
    line("SKILLS", size=13, font="hebo", gap=18)
    line(", ".join(s.skills), gap=20)
    for extra in s.extra_lines:
        line(extra)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def resume_docx(sample: SampleResume | None = None) -> bytes:
    """The same resume as :func:`resume_pdf`, as a Word document built from styles."""
    s = sample or SampleResume()
    document = docx.Document()
    document.add_heading(s.name, level=0)
    document.add_paragraph(s.headline)
    document.add_paragraph(f"{s.email}  |  {s.phone}  |  {s.location}")
    document.add_heading("Experience", level=1)
    for employer, title, dates in s.jobs:
        document.add_paragraph().add_run(f"{title}, {employer}").bold = True
        document.add_paragraph(dates)
        document.add_paragraph("Built and ran services used by millions of people")
    document.add_heading("Education", level=1)
    document.add_paragraph().add_run(s.school).bold = True
    document.add_paragraph(s.degree)
    document.add_heading("Skills", level=1)
    document.add_paragraph(", ".join(s.skills))
    for extra in s.extra_lines:
        document.add_paragraph(extra)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _compound_file(*stream_names: str) -> bytes:
    """The start of an OLE2 compound file: its magic, then directory entry names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + b"".join(n.encode("utf-16-le").ljust(128, b"\x00") for n in stream_names)


def legacy_doc() -> bytes:
    """The shape of a Word 97-2003 ``.doc``: a compound file with a WordDocument stream."""
    return _compound_file("Root Entry", "WordDocument", "1Table", "SummaryInformation")


def encrypted_docx() -> bytes:
    """The shape of a password-protected DOCX: Office wraps it in a compound file."""
    return _compound_file("Root Entry", "EncryptionInfo", "EncryptedPackage", "DataSpaces")


def rtf_document() -> bytes:
    return b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}} \\b Jane Doe\\b0\\par Engineer}"


def odt_document() -> bytes:
    """An OpenDocument text: a ZIP whose first, stored entry is its mimetype."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        mimetype = b"application/vnd.oasis.opendocument.text"
        archive.writestr("mimetype", mimetype, zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return out.getvalue()


def corrupt_docx() -> bytes:
    """A ZIP with the DOCX parts, but a document.xml that is not XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00\x01 this is not XML at all " * 50)
    return out.getvalue()


def encrypted_pdf(user_password: str = "secret") -> bytes:
    doc = pymupdf.open("pdf", resume_pdf())
    data: bytes = doc.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256,  # type: ignore[attr-defined]
        user_pw=user_password,
        owner_pw="owner-" + user_password,
    )
    doc.close()
    return data


def corrupt_pdf() -> bytes:
    """Starts like a PDF (passes the upload check) but is garbage after the header."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40


def image_only_pdf() -> bytes:
    """A page whose text is only pixels: needs OCR."""
    text_doc = pymupdf.open("pdf", resume_pdf())
    pix = text_doc[0].get_pixmap(dpi=150)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_image(page.rect, pixmap=pix)
    data: bytes = doc.tobytes()
    doc.close()
    text_doc.close()
    return data


def _vertical_font(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    """Switch MuPDF's built-in Japanese font to its vertical CMap (``-V``): the text is
    then set top to bottom (writing mode 1), as Japanese PDF writers do it."""
    for xref, _, _, _, name, encoding in page.get_fonts():
        if name == "japan" and encoding.endswith("-H"):
            doc.xref_set_key(xref, "Encoding", f"/{encoding[:-2]}-V")


def vertical_japanese_pdf(*, header: bool = False) -> bytes:
    """A Japanese resume in vertical writing (columns right to left). All of it is
    vertical, e-mail address included, unless ``header``: then the name and contacts
    are set horizontally across the top instead."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    columns: list[tuple[str, float]] = list(VERTICAL_COLUMNS)
    if header:
        page.insert_text((72, 60), "Taro Yamada", fontname="helv", fontsize=18)
        page.insert_text((72, 80), VERTICAL_CONTACTS, fontname="helv", fontsize=10)
    else:
        columns.insert(1, (VERTICAL_CONTACTS, 9.0))
    x = 540.0
    for text, size in columns:
        # In vertical mode MuPDF centres each glyph on the pen's x and steps down.
        page.insert_text((x, 110), text, fontname="japan", fontsize=size)
        x -= size + 10
    _vertical_font(doc, page)
    data: bytes = doc.tobytes()
    doc.close()
    return data


VERTICAL_CONTACTS = "taro.yamada@example.jp +81 90-1234-5678"
VERTICAL_COLUMNS = (
    ("山田太郎", 16.0),
    ("職務経歴", 13.0),
    ("株式会社さくら商事　営業部", 11.0),
    ("二〇一八年四月から現在まで法人営業を担当", 11.0),
    ("学歴", 13.0),
    ("東京大学経済学部卒業", 11.0),
    ("資格", 13.0),
    ("日本語能力と英語の資格を持つ", 11.0),
)


def truncated_pdf() -> bytes:
    """A real resume cut off halfway: header intact, xref and trailer gone."""
    data = resume_pdf()
    return data[: len(data) // 2]


def owner_password_only_pdf() -> bytes:
    """Encrypted with an owner password only: opens without a password, so it parses."""
    doc = pymupdf.open("pdf", resume_pdf())
    data: bytes = doc.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256,  # type: ignore[attr-defined]
        owner_pw="owner-only",
        permissions=0,
    )
    doc.close()
    return data


def many_pages_pdf(pages: int = 500) -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        doc.new_page().insert_text((72, 72), f"Page {i + 1}")
    data: bytes = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    return data


def decompression_bomb_pdf(megabytes: int = 1024) -> bytes:
    """One content stream that inflates from about 1 MiB to ``megabytes`` MiB."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b"0" * (1024 * 1024)
    body = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    return _assemble(objects)


def deeply_nested_pdf(depth: int = 100_000) -> bytes:
    """An object nested far deeper than any parser's recursion allows."""
    nested = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Nest 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        nested,
    ]
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
