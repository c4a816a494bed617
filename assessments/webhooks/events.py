"""The events an organisation's webhook endpoints may subscribe to: defined once, here."""

from __future__ import annotations

ROUND_OPENED = "round.opened"
ROUND_CLOSED = "round.closed"
RESULTS_REFRESHED = "results.refreshed"
ROADMAP_ACTION_CHANGED = "roadmap_action.changed"
REVIEW_HANDED_OVER = "review.handed_over"
# Sent only by the "Send a test event" button, to the one endpoint it was pressed for.
TEST = "webhook.test"

# Each event with what it means, in the words the pages show.
EVENTS: dict[str, str] = {
    ROUND_OPENED: "A round opens: on its opening date, or when it is reopened with a new "
    "closing date.",
    ROUND_CLOSED: "A round closes: on its closing date, or when someone closes it early.",
    RESULTS_REFRESHED: "A round's results are computed again, after new answers.",
    ROADMAP_ACTION_CHANGED: "A roadmap action is added, moved, or its status, owner, due date "
    "or other details change.",
    REVIEW_HANDED_OVER: "A consultant hands a review over.",
}
