"""Rendering of documents: HTML → PDF (WeasyPrint), DOCX (python-docx) and the annex XLSX (openpyxl)."""
