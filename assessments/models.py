"""The app's models, each defined in the room that owns it.

Django looks for an app's models here; the rooms keep their own models modules.
"""

from assessments.api.models import ApiToken
from assessments.calendars.models import CalendarFeed
from assessments.charters.models import Charter, CharterPrinciple, CharterVersion
from assessments.exports.models import ExportJob, RenderSlot
from assessments.firms.models import Firm, FirmClient, FirmInvitation, FirmMember
from assessments.imports.models import ImportBatch
from assessments.organisations.models import (
    Department,
    Membership,
    Organisation,
    OrganisationInvitation,
    Team,
)
from assessments.personas.models import PersonaChoice
from assessments.reports.models import ReleaseHistory, ResultComment, StoredResult
from assessments.reviews.models import Evidence, Moderation, Review, ReviewSnapshot
from assessments.roadmaps.models import ActionChange, Roadmap, RoadmapAction, Target
from assessments.rounds.models import (
    ActivityAnswer,
    Answer,
    Assessment,
    Invitation,
    Respondent,
    RoundTeam,
)
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "ActionChange",
    "ActivityAnswer",
    "Answer",
    "ApiToken",
    "Assessment",
    "CalendarFeed",
    "Charter",
    "CharterPrinciple",
    "CharterVersion",
    "Department",
    "Evidence",
    "ExportJob",
    "Firm",
    "FirmClient",
    "FirmInvitation",
    "FirmMember",
    "ImportBatch",
    "Invitation",
    "Membership",
    "Moderation",
    "Organisation",
    "OrganisationInvitation",
    "PersonaChoice",
    "ReleaseHistory",
    "RenderSlot",
    "Respondent",
    "ResultComment",
    "Review",
    "ReviewSnapshot",
    "Roadmap",
    "RoadmapAction",
    "RoundTeam",
    "StoredResult",
    "Target",
    "Team",
    "WebhookDelivery",
    "WebhookEndpoint",
]
