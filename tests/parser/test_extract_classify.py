"""Resume likelihood: resumes score high, invoices and papers low; nothing is rejected."""

from __future__ import annotations

import pdfs
from pdfs import TODAY

from resumeflow_parser.extract import parse_pdf


def _invoice() -> bytes:
    return pdfs.simple(
        [
            ("INVOICE", 20, True),
            ("Invoice number: INV-2024-0042", 10, False),
            ("Bill to: Initech LLC, 4120 Freidrich Lane, Austin, TX", 10, False),
            ("Due date: 30 June 2024    Payment terms: Net 30", 10, False),
            ("Description                 Qty    Unit price    Amount", 10, True),
            ("Consulting services, May    40     150.00        6,000.00", 10, False),
            ("Subtotal 6,000.00", 10, False),
            ("VAT (20%) 1,200.00", 10, False),
            ("Total due 7,200.00", 12, True),
            ("IBAN GB29 NWBK 6016 1331 9268 19", 9, False),
        ]
    )


def _paper() -> bytes:
    return pdfs.simple(
        [
            ("Sparse Attention for Long Documents", 18, True),
            ("A. Author, B. Author", 11, False),
            ("Abstract", 12, True),
            ("We propose a sparse attention scheme; see Figure 1 and Table 1.", 10, False),
            ("Keywords: transformers, attention", 10, False),
            ("1 Introduction", 12, True),
            ("Prior work (Smith et al., 2020) shows quadratic cost.", 10, False),
            ("2 Related Work", 12, True),
            ("Theorem 1. The operator is bounded. Proof: by Lemma 2.", 10, False),
            ("Conclusion", 12, True),
            ("References", 12, True),
            ("[1] Smith et al. In Proceedings of NeurIPS, 2020. doi:10.1000/xyz", 9, False),
        ]
    )


def test_resumes_score_high() -> None:
    for data in (pdfs.one_column(), pdfs.two_column(), pdfs.sidebar()):
        result = parse_pdf(data, today=TODAY)
        assert result.likely_resume
        assert result.resume_score > 0.9


def test_an_invoice_is_flagged_but_still_parsed() -> None:
    result = parse_pdf(_invoice(), today=TODAY)

    assert not result.likely_resume
    assert result.resume_score < 0.2
    assert any(w.startswith("probably not a resume: invoice vocabulary") for w in result.warnings)
    assert "Total due 7,200.00" in result.pages[0].text


def test_a_paper_is_flagged() -> None:
    result = parse_pdf(_paper(), today=TODAY)

    assert not result.likely_resume
    assert result.resume_score < 0.2
    assert any("paper vocabulary" in w for w in result.warnings)
