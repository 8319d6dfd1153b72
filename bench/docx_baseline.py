"""The baseline for the Word export: the same three-column tables and text, written with
python-docx directly and nothing else (no cover, styles, merges or checks)."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def write(report, path: Path) -> None:
    framework, assessment = report.framework, report.assessment
    document = Document()
    for section in framework.sections:
        table = document.add_table(rows=1, cols=3)
        header = table.rows[0].cells
        header[0].text = framework.columns.section
        header[1].text = framework.columns.checklist
        header[2].text = framework.columns.practice_for(assessment.area)
        narrative = assessment.narratives.get(section.id, "")
        for index, item in enumerate(section.items):
            cells = table.add_row().cells
            cells[0].text = section.heading if index == 0 else ""
            cells[1].text = f"{item.marker or ''} {item.text}"
            cells[2].text = assessment.answer(item.id).practice or (narrative if index == 0 else "")
    document.save(str(path))
