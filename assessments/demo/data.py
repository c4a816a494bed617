"""The demo organisation's people and habits, as data: who works there, how mature each team
really is, how roles colour what people say, and what they write beside their answers.

`assessments.demo` turns these tables into rounds of answers.
"""

from __future__ import annotations

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Nils",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
]
LAST_NAMES = ["Adams", "Berg", "Costa", "Diaz", "Evans", "Fox", "Gill", "Haas", "Iqbal", "Jensen"]
ROLE_MIX = [
    "product_manager",
    "product_owner",
    "engineer",
    "engineer",
    "engineer",
    "designer",
    "product_marketing",
    "leadership",
]
# How mature each team really is, per enabler position (0 = immature … 1 = leading).
TEAM_PROFILES = {
    "Checkout": [0.55, 0.45, 0.35, 0.6, 0.5],
    "Mobile App": [0.4, 0.3, 0.55, 0.35, 0.45],
    "Onboarding": [0.3, 0.25, 0.45, 0.3, 0.35],
    "Billing": [0.6, 0.8, 0.35, 0.85, 0.6],
    "Partner API": [0.25, 0.2, 0.2, 0.45, 0.3],
    "Admin Console": [0.35, 0.4, 0.25, 0.5, 0.4],
    "Analytics": [0.8, 0.7, 0.9, 0.95, 0.75],
    "Personalisation": [0.45, 0.35, 0.7, 0.55, 0.35],
}
# How far each role tends to see things rosier (+) or bleaker (−) than the team's reality.
# Leaders see strategy from the boardroom; engineers see it from the backlog.
ROLE_LENS = {"leadership": 0.12, "product_manager": 0.04, "engineer": -0.05, "designer": -0.03}
# Teams where one enabler (by index) divides people by role, and how strongly per role.
ROLE_SPLITS = {
    "Mobile App": (1, {"leadership": 0.45, "product_manager": 0.35, "product_owner": 0.3}),
    "Partner API": (0, {"leadership": 0.5, "product_manager": 0.4, "engineer": -0.2}),
    "Personalisation": (4, {"engineer": -0.35, "designer": -0.35, "product_manager": 0.3}),
}
# Who really leads activities in some teams, where it differs from product management.
LEADER_HABITS = {
    "roadmaps": {"Partner API": "sales", "Admin Console": "development"},
    "competitive-research": {
        "Onboarding": "nobody",
        "Partner API": "nobody",
        "Billing": "marketing",
    },
    "pricing": {"Checkout": "senior-management", "Mobile App": "senior-management"},
    "business-cases": {"Partner API": "nobody"},
    "market-research": {"Analytics": "marketing", "Checkout": "marketing"},
    # Product people pulled into work they should support: the firefighting sign.
    "sales-support": {"Partner API": "product-management", "Billing": "product-management"},
    "requirements": {"Checkout": "product-owner", "Mobile App": "product-owner"},
    "design-build": {"Onboarding": "product-owner"},
}


# Who leads the activities product management should only support, where nobody says otherwise.
USUAL_LEADERS = {
    "design-build": "development",
    "product-promotion": "marketing",
    "sales-support": "sales",
}

# The lead of each team other than Checkout that plans from its report (not demo logins).
TEAM_LEADS = {
    "Partner API": ("ade", "Ade Mensah"),
    "Billing": ("lena", "Lena Vogel"),
    "Personalisation": ("kofi", "Kofi Boateng"),
}
# What changed in a team, from a round on, that no roadmap made: round index → team →
# (enabler index, change in real maturity). Mobile App was split into two squads before the
# third round, and for a while nobody was sure who owned what.
SETBACKS = {2: {"Mobile App": (4, -0.08)}}

# What people add when they agree (first) or disagree (second) with a statement, so every
# comment in the demo fits the statement and the answer it sits beside. By key: content 1.1
# and 1.2 have every one of these (tests/test_demo.py checks), the pilot's 1.0 most of them.
STATEMENT_COMMENTS = {
    "pl-firefighting": (
        "Most days start with an escalation from a big customer.",
        "We protect two days a week for discovery and it mostly holds.",
    ),
    "pl-turns-down": (
        "Our PM turned down a sales request last month and leadership backed her.",
        "Saying no to the sales director is not really an option here.",
    ),
    "pl-sponsor": (
        "Our COO asks about the product strategy in every quarterly review.",
        "Nobody above the head of product seems to care how we work.",
    ),
    "sr-deal-driven": (
        "Two of the last three sprints were taken over by one customer's contract.",
        "Deals wait for the next planning cycle unless they fit the roadmap.",
    ),
    "sr-strategy-written": (
        "The strategy page is linked from every epic.",
        "If there is a strategy document, I have never seen it.",
    ),
    "sr-feature-list": (
        "The roadmap is a spreadsheet of features with release dates.",
        "Our roadmap shows the problems we are working on, not features.",
    ),
    "mc-customer-contact": (
        "I join two customer calls a week with our PM.",
        "Customer calls stopped when the research budget was cut.",
    ),
    "mc-unchecked-requests": (
        "We hear about customers mostly through support tickets.",
        "We run our own interviews every sprint.",
    ),
    "mc-win-loss-acted": (
        "The quarterly win-loss review changed our pricing page.",
        "Lost deals are discussed in sales meetings we are not invited to.",
    ),
    "pt-kpis": (
        "Three measures sit on the team dashboard and we look at them every week.",
        "We count releases, not results.",
    ),
    "pt-no-numbers": (
        "Getting usage figures means a ticket to the data team and a week's wait.",
        "The product dashboard is up to date every morning.",
    ),
    "pr-pm-po-written": (
        "The role descriptions were agreed last spring and we use them in hiring.",
        "The PO and PM roles overlap and we argue about it.",
    ),
    "pr-order-takers": (
        "Other departments hand us finished specs to deliver.",
        "Sales ask our PMs for their view before promising anything.",
    ),
}
