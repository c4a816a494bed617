"""A report's pictures: a radar of enabler scores and a gauge per dial (the page and the PDF)."""

from __future__ import annotations

from typing import Any

from assessments.reports.builder import Report
from frameworks.charts import dial_gauge, radar


def report_charts(report: Report) -> dict[str, Any]:
    """The report's pictures: a radar of enabler scores and a gauge per dial."""
    if report.withheld:
        return {}
    return {
        "radar": radar(
            labels=[row.enabler.name for row in report.enablers],
            series=[(s.label, list(s.values)) for s in report.series],
        ),
        "dials": [
            (
                row,
                dial_gauge(
                    red_below=row.dial.red_below,
                    green_from=row.dial.green_from,
                    value=None if row.result.value is None else round(row.result.value),
                ),
            )
            for row in report.dials
        ],
    }
