import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    assert data[:5] == b"%PDF-"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
