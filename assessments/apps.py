from importlib import import_module

from django.apps import AppConfig

# Where the rooms offer work to the rooms below them: the files each room makes for the
# exports room, and what each does when a round's answers change (signals of the rounds
# room); and the periodic jobs each room gives the workers' scheduler (``scheduled``
# modules, ``pmmaturity.schedule``). Imported once at start-up, by name, so no lower room
# imports a higher one.
PLUG_INS = (
    "assessments.reports.exporters",
    "assessments.roadmaps.exporters",
    "assessments.comparisons.exporters",
    "assessments.reviews.exporters",
    "assessments.reports.receivers",
    "assessments.personas.receivers",
    "assessments.organisations.receivers",
    "assessments.rounds.receivers",
    "assessments.roadmaps.receivers",
    "assessments.reviews.receivers",
    "assessments.charters.receivers",
    "assessments.calendars.receivers",
    "assessments.firms.receivers",
    "assessments.exports.receivers",
    "assessments.exports.scheduled",
    "assessments.reports.scheduled",
    "assessments.rounds.scheduled",
    "assessments.webhooks.scheduled",
)


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"

    def ready(self) -> None:
        from django.urls import register_converter

        from pmmaturity.converters import IdConverter

        register_converter(IdConverter, "id")
        import_module("pmmaturity.login_limits")  # counts failed logins per address
        for module in PLUG_INS:
            import_module(module)
