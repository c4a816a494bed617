"""A small but complete content document, for loader tests that edit it."""

from __future__ import annotations

import copy
from typing import Any

import yaml

_MINIMAL: dict[str, Any] = {
    "framework": {"slug": "sample", "name": "Sample framework", "description": "For tests."},
    "version": "0.1",
    "status": "draft",
    "summary": "A tiny version.",
    "levels": [
        {"key": "immature", "name": "Immature", "summary": "Reacting."},
        {"key": "managed", "name": "Managed", "summary": "Repeatable."},
        {"key": "leading", "name": "Leading", "summary": "Improving."},
    ],
    "scales": {
        "agreement": {
            "name": "Agreement",
            "options": [
                {"key": "disagree", "label": "Disagree", "score": 0},
                {"key": "agree", "label": "Agree", "score": 100},
                {"key": "dont-know", "label": "Don't know", "score": None},
            ],
        },
        "performance": {
            "name": "How well it is done",
            "options": [
                {"key": "poorly", "label": "Poorly", "score": 0},
                {"key": "well", "label": "Well", "score": 100},
            ],
        },
    },
    "enablers": [
        {
            "key": "purpose",
            "name": "Purpose",
            "summary": "Why product management exists here.",
            "descriptors": {
                "immature": "Mostly firefighting.",
                "managed": "A written charter.",
                "leading": "Leads the business.",
            },
            "statements": [
                {
                    "key": "p-fire",
                    "level": "immature",
                    "text": "We spend most days on urgent requests.",
                    "reverse": True,
                },
                {
                    "key": "p-charter",
                    "level": "managed",
                    "text": "We have a written charter.",
                    "help": "It is on the wiki.",
                },
                {
                    "key": "p-lead",
                    "level": "leading",
                    "text": "Leaders ask us before big bets.",
                    "audience": "product",
                },
            ],
        },
    ],
    "activities": {
        "ownership": [
            {"key": "owns", "label": "Usually owns it"},
            {"key": "supports", "label": "Usually supports it"},
        ],
        "leaders": [
            {"key": "product-management", "name": "Product management", "kind": "product"},
            {"key": "nobody", "name": "Nobody", "kind": "nobody"},
        ],
        "areas": [
            {
                "key": "strategic",
                "name": "Strategic",
                "groups": [
                    {
                        "key": "insight",
                        "name": "Getting insight",
                        "activities": [
                            {
                                "key": "market-research",
                                "name": "Market research",
                                "description": "Facts about the market.",
                                "ownership": "owns",
                            },
                        ],
                    }
                ],
            },
            {
                "key": "inbound",
                "name": "Inbound",
                "activities": [
                    {
                        "key": "design-build",
                        "name": "Design & build",
                        "description": "The working product.",
                        "ownership": "supports",
                    },
                ],
            },
        ],
    },
    "dashboard": {
        "groups": [
            {
                "key": "purpose",
                "name": "Purpose",
                "dials": [
                    {
                        "key": "role",
                        "name": "Role",
                        "description": "Firefighting or leading?",
                        "left": "Firefighting",
                        "right": "Leadership",
                        "red_below": 40,
                        "green_from": 70,
                        "inputs": [
                            {"statement": "p-fire", "weight": 2, "direction": "symptom"},
                            {"statement": "p-lead"},
                        ],
                    }
                ],
            }
        ]
    },
}


def minimal_content() -> dict[str, Any]:
    return copy.deepcopy(_MINIMAL)


def as_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
