"""The radar's figure, written out by hand, is the one plotly's own classes would build."""

from __future__ import annotations

import json
import subprocess
import sys

import plotly.graph_objects as go
import pytest

from frameworks.charts import radar, wrap_label
from frameworks.levels import LEVEL_BANDS, MaturityLevel


def plotly_radar(labels: list[str], series: list[tuple[str, list[float | None]]]) -> dict:
    """The radar as plotly's figure classes build and check it (how it was made before)."""
    colours = ["#1f3a5f", "#d97706", "#6c757d"]
    wrapped = [wrap_label(label) for label in labels]
    figure = go.Figure()
    for i, (name, values) in enumerate(series):
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]] if values else [],
                theta=[*wrapped, wrapped[0]] if wrapped else [],
                name=name,
                fill="toself" if i == 0 else "none",
                line={"color": colours[i % len(colours)], "width": 3 if i == 0 else 2},
                opacity=0.9 if i == 0 else 0.8,
                connectgaps=True,
            )
        )
    figure.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [LEVEL_BANDS[level][0] for level in list(MaturityLevel)[1:]] + [100],
            }
        },
        margin={"l": 90, "r": 90, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.1},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "system-ui, sans-serif", "size": 12},
        template="none",
    )
    return json.loads(figure.to_json())


@pytest.mark.parametrize(
    ("labels", "series"),
    [
        (
            ["Strategy and vision", "Discovery", "Delivery and launch"],
            [("Checkout", [12.0, None, 80.5])],
        ),
        (
            ["Strategy and vision", "Discovery", "Delivery", "People and organisation"],
            [
                ("Team", [40, 50, 60, 70]),
                ("Department", [35, 45, None, 65]),
                ("Round", [1, 2, 3, 4]),
            ],
        ),
        ([], []),
    ],
)
def test_the_radar_is_the_figure_plotly_would_build(labels, series):
    assert radar(labels=labels, series=series) == plotly_radar(labels, series)


def test_a_report_radar_does_not_import_plotly():
    """Importing plotly's figure classes cost a report's first visit after a start ~0.3 s."""
    code = (
        "import sys; from frameworks.charts import radar; "
        "radar(labels=['A'], series=[('x', [1.0])]); "
        "print('plotly.graph_objs' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "False"
