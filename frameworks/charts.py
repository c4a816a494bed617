"""Plotly figures for the instruments, built on the server and drawn by plotly.js.

The dials are drawn on the server as SVG (``frameworks.gauges``); these colours are theirs.
"""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go

from frameworks.levels import LEVEL_BANDS, MaturityLevel

RED = "#f1aeb5"
AMBER = "#ffe69c"
GREEN = "#a3cfbb"


def wrap_label(label: str, width: int = 14) -> str:
    """A long axis label on two lines (at the space nearest its middle), so none is cut off."""
    if len(label) <= width or " " not in label:
        return label
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return f"{label[:cut]}<br>{label[cut + 1 :]}"


def radar(*, labels: list[str], series: list[tuple[str, list[float | None]]]) -> dict[str, Any]:
    """Maturity scores on a radar chart, one trace per group (team, department, whole round).

    Written as plotly's own JSON rather than built with plotly's figure classes: importing
    and warming those cost a report's first visit after a start ~0.3 s, and each figure
    ~6 ms after that (tests check it is the figure plotly would build).
    """
    colours = ["#1f3a5f", "#d97706", "#6c757d"]
    wrapped = [wrap_label(label) for label in labels]
    theta = [*wrapped, wrapped[0]] if wrapped else []
    traces = [
        {
            "connectgaps": True,
            "fill": "toself" if i == 0 else "none",
            "line": {"color": colours[i % len(colours)], "width": 3 if i == 0 else 2},
            "name": name,
            "opacity": 0.9 if i == 0 else 0.8,
            "r": [*values, values[0]] if values else [],
            "theta": list(theta),
            "type": "scatterpolar",
        }
        for i, (name, values) in enumerate(series)
    ]
    return {
        "data": traces,
        "layout": {
            # What plotly writes for template="none": no theme of its own.
            "template": {"data": {"scatter": [{"type": "scatter"}]}},
            # Rings where the levels' bands end: inside 33 is Immature, beyond 67 is Leading.
            "polar": {
                "radialaxis": {
                    "range": [0, 100],
                    "tickvals": [LEVEL_BANDS[level][0] for level in list(MaturityLevel)[1:]]
                    + [100],
                }
            },
            "margin": {"l": 90, "r": 90, "t": 40, "b": 40},
            "legend": {"orientation": "h", "y": -0.1},
            "font": {"family": "system-ui, sans-serif", "size": 12},
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    }


def timeline(*, items: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    """Actions with due dates as bars from start to due date: (title, start, due, status)."""
    colours = {
        "done": "#198754",
        "in_progress": "#0d6efd",
        "not_started": "#6c757d",
        "proposed": "#adb5bd",
    }
    figure = go.Figure()
    for status in colours:
        rows = [i for i in items if i[3] == status]
        if not rows:
            continue
        figure.add_trace(
            go.Bar(
                y=[r[0] for r in rows],
                base=[r[1] for r in rows],
                x=[(_days(r[1], r[2]) or 1) * 86_400_000 for r in rows],
                orientation="h",
                name=status.replace("_", " ").capitalize(),
                marker={"color": colours[status]},
                hovertemplate="%{y}<br>due %{x|%d %b %Y}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="overlay",
        xaxis={"type": "date"},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        height=max(160, 34 * len(items) + 60),
        legend={"orientation": "h", "y": -0.15},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "system-ui, sans-serif", "size": 12},
        template="none",
    )
    data: dict[str, Any] = json.loads(figure.to_json())
    return data


def _days(start: str, end: str) -> int:
    from datetime import date

    return (date.fromisoformat(end) - date.fromisoformat(start)).days
