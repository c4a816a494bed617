"""The report page's long lists written in Python read exactly as the template loops they
replace did, escaping included."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template

# The template loops as they were, for the tags to be held to.
OLD_LEADERS = Template(
    '{% if row.leaders and not row.result.top_leader %}<span class="d-block">'
    "{% if row.result.agreement is None %}Too few answers to say{% else %}No clear leader"
    "{% endif %}:</span>{% endif %}{% for name, n in row.leaders %}"
    "{% if forloop.first and row.result.top_leader %}<strong>{{ name }}</strong>{% else %}"
    "{% if not forloop.first %}, {% endif %}{{ name }}{% endif %} ({{ n }}){% empty %}—"
    "{% endfor %}"
)
NEW_LEADERS = Template("{% load report_lists %}{% led_today row %}")
OLD_LINKS = Template(
    '{% for link in scope_links %}<li class="nav-item"><a class="nav-link'
    '{% if link.current %} active{% endif %}" href="{{ link.url }}"'
    '{% if link.current %} aria-current="page"{% endif %}>{{ link.label }}</a></li>'
    "{% endfor %}"
)
NEW_LINKS = Template("{% load report_lists %}{% scope_links scope_links %}")


def activity(leaders, top, agreement):
    return SimpleNamespace(
        leaders=leaders, result=SimpleNamespace(top_leader=top, agreement=agreement)
    )


@pytest.mark.parametrize(
    "row",
    [
        activity((), None, None),
        activity((("Product manager", 4),), "product-manager", 0.8),
        activity((("Product manager", 4), ("Engineers", 2), ("Nobody", 1)), "pm", 0.6),
        activity((("Product manager", 2), ("Engineers", 2)), None, 0.5),
        activity((("Product manager", 1),), None, None),
        activity((("<script>", 3), ('R&D "lab"', 1)), "x", 0.7),
    ],
)
def test_who_leads_an_activity_reads_as_the_template_loop_did(row):
    old = OLD_LEADERS.render(Context({"row": row}))
    assert NEW_LEADERS.render(Context({"row": row})) == old
    assert "<script>" not in old


def test_scope_links_read_as_the_template_loop_did():
    links = [
        SimpleNamespace(label="All teams", url="/o/a/assessments/1/report/", current=False),
        SimpleNamespace(label="R&D <east>", url="/o/a/assessments/1/report/d/2/", current=True),
        SimpleNamespace(label='Team "one"', url="/o/a/?x=1&y=<2>", current=False),
    ]
    old = OLD_LINKS.render(Context({"scope_links": links}))
    assert NEW_LINKS.render(Context({"scope_links": links})) == old
    assert 'aria-current="page">R&amp;D &lt;east&gt;</a>' in old
    assert NEW_LINKS.render(Context({"scope_links": []})) == ""
