"""One check for every PDF Lotse makes (lotse.core.pdf): tagged for screen readers and carrying its text."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def assert_tagged_pdf(content: bytes, *, lang: str, texts: tuple[str, ...] = (), title: str = "") -> str:
    """PDF/UA-1: a structure tree, marked content, the document's language and title, the PDF/UA identification
    in the XMP metadata; the text (as pdftotext reads it, words joined by single spaces) contains each of
    `texts`. Returns that text. With LOTSE_PDF_PNG=1 set, the first page is also written to
    test-artifacts/pdf-<title>-1.png (pdftoppm) to look at."""
    assert content.startswith(b"%PDF"), content[:20]
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "not tagged: no structure tree"
    assert root["/MarkInfo"]["/Marked"], "not tagged: content not marked"
    assert str(root["/Lang"]).startswith(lang), root.get("/Lang")
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data(), "no PDF/UA identification"
    assert reader.metadata.title, "no title"
    if title:
        assert reader.metadata.title.startswith(title), reader.metadata.title
    text = " ".join(pdftotext(content).split())
    for expected in texts:
        assert expected in text, (expected, text[:500])
    if os.environ.get("LOTSE_PDF_PNG"):
        png(content, "pdf-" + re.sub(r"[^a-z0-9]+", "-", reader.metadata.title.lower()).strip("-")[:40])
    return text


def pdftotext(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


def png(content: bytes, name: str, *, resolution: int = 70) -> Path:
    """The first page as test-artifacts/<name>-1.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1", pdf.name, str(ARTIFACTS / name)],
            check=True,
            timeout=60,
        )
    return next(ARTIFACTS.glob(f"{name}-*1.png"))
