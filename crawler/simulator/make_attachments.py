"""Dev-only: regenerate the committed attachment bytes under ``content/attachments/``.

Needs reportlab, which is not a project dependency (``.venv/bin/pip install reportlab``); the generated PDF is
committed so nothing at run time needs it. STSong-Light is a reportlab built-in CID font (no font file).
Run: ``.venv/bin/python -m crawler.simulator.make_attachments``.
"""

from __future__ import annotations

import html

from crawler.simulator.content import ATTACHMENTS_DIR, SeedReport, seed

PDF_SEEDS = ("000",)  # reports the demo also serves as a PDF attachment of their page


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


def main() -> None:
    for key in PDF_SEEDS:
        write_pdf(seed(key))
        print(seed(key).pdf_path)


if __name__ == "__main__":
    main()
