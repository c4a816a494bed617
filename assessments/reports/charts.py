"""A report's pictures: a radar of enabler scores and a gauge per dial (the page and the PDF)."""

from __future__ import annotations

from typing import Any

from assessments.reports.builder import Report
from frameworks.charts import radar
from frameworks.gauges import gauge_svg


def report_charts(report: Report) -> dict[str, Any]:
    """The report's pictures: a radar of enabler scores (plotly) and a gauge per dial.

    The gauges are inline SVG drawn here, so the page needs no charting code for them.
    """
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
                gauge_svg(
                    red_below=row.dial.red_below,
                    green_from=row.dial.green_from,
                    value=row.result.value,
                    missing="No answers",
                ),
            )
            for row in report.dials
        ],
    }
