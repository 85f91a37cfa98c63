"""Dev-only: regenerate the committed attachment bytes under ``content/attachments/``.

Needs reportlab, which is not a project dependency (``.venv/bin/pip install reportlab``); the generated PDF is
committed so nothing at run time needs it. STSong-Light is a reportlab built-in CID font (no font file).
Run: ``.venv/bin/python -m crawler.simulator.make_attachments``.
"""

from __future__ import annotations

import html
from pathlib import Path

from crawler.simulator.content import ATTACHMENTS_DIR, SeedReport, seed

PDF_SEEDS = ("000",)  # reports the demo also serves as a PDF attachment of their page
DOCX_SYNTH = (5001, 5002)  # synthetic reports served only as .docx attachments (see crawler/simulator/cms.py)


def write_pdf(report: SeedReport) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    paragraphs = [Paragraph(html.escape(line), style) for line in report.text.splitlines() if line.strip()]
    ATTACHMENTS_DIR.mkdir(parents=True, exist_ok=True)
    # invariant=1 makes the bytes reproducible (no creation timestamp or random document id).
    doc = SimpleDocTemplate(str(report.pdf_path), pagesize=A4, title=report.title, invariant=1)
    doc.build(paragraphs)


def write_docx(synth_seed: int) -> Path:
    """A .docx of a synthetic report, one paragraph per line. Committed rather than built at serve time
    because python-docx stamps the current time into the zip, and the demo's bytes must not change."""
    import docx

    from crawler.simulator.synth import generate_report

    report = generate_report(synth_seed, era="prose" if synth_seed % 2 else "2021", layout="pipe_text")
    document = docx.Document()
    for line in report.body.decode("utf-8").splitlines():
        document.add_paragraph(line)
    path = docx_path(synth_seed)
    document.save(str(path))
    return path


def docx_path(synth_seed: int) -> Path:
    return ATTACHMENTS_DIR / f"synth_{synth_seed}.docx"


def main() -> None:
    for key in PDF_SEEDS:
        write_pdf(seed(key))
        print(seed(key).pdf_path)
    for synth_seed in DOCX_SYNTH:
        print(write_docx(synth_seed))


if __name__ == "__main__":
    main()
