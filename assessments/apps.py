from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"

    def ready(self) -> None:
        from django.urls import register_converter

        from pmmaturity.converters import IdConverter

        register_converter(IdConverter, "id")
