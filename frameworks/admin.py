"""Admin for instrument content. Frozen versions are read-only here too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse

from frameworks import services
from frameworks.models import (
    Activity,
    ActivityArea,
    ActivityGroup,
    ActivityLeader,
    Dial,
    DialGroup,
    DialInput,
    Enabler,
    Framework,
    FrameworkVersion,
    GapAction,
    Level,
    LevelDescriptor,
    OwnershipKind,
    Persona,
    Recommendation,
    Scale,
    ScaleOption,
    Statement,
)

FROZEN_MESSAGE = (
    "This framework version is frozen because it has answers, so its content is read-only. "
    "Use the “Fork” action on the version to make an editable draft."
)


def _version_of(obj: Model | None) -> FrameworkVersion | None:
    if obj is None:
        return None
    if isinstance(obj, FrameworkVersion):
        return obj
    return getattr(obj, "version", None)


def _frozen(obj: Model | None) -> bool:
    version = _version_of(obj)
    return bool(version and version.is_frozen)


class ContentInline(admin.TabularInline):
    """An inline whose rows belong to the parent's framework version."""

    extra = 0
    show_change_link = True

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        version = _version_of(obj)
        if version is not None:
            # Offer only choices (levels, statements, ...) from the same version.
            for form_field in formset.form.base_fields.values():
                queryset = getattr(form_field, "queryset", None)
                if (
                    isinstance(form_field, ModelChoiceField)
                    and queryset is not None
                    and hasattr(queryset.model, "version")
                ):
                    form_field.queryset = queryset.filter(version=version)
        return formset

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class ContentAdmin(admin.ModelAdmin):
    """Admin for a content model: read-only when its version is frozen.

    ``parent_field`` names the parent that decides the version (an enabler for a
    statement, a dial group for a dial), so the version is never picked by hand.
    """

    parent_field = ""
    list_per_page = 50

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["version"] if self.parent_field else super().get_exclude(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        related = db_field.related_model
        if related is FrameworkVersion:
            kwargs["queryset"] = FrameworkVersion.objects.filter(frozen_at__isnull=True)
        elif hasattr(related, "version"):
            kwargs["queryset"] = related._default_manager.filter(  # type: ignore[union-attr]
                version__frozen_at__isnull=True
            ).select_related("version__framework")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if self.parent_field:
            obj.version = getattr(obj, self.parent_field).version
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        version = _version_of(form.instance)
        for inline_form in formset.forms:
            if version is not None and hasattr(inline_form.instance, "version_id"):
                inline_form.instance.version = version
        super().save_formset(request, form, formset, change)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if _frozen(obj) and request.method == "GET":
            messages.warning(request, FROZEN_MESSAGE)
        return super().change_view(request, object_id, form_url, extra_context)


# --- frameworks and versions ----------------------------------------------------------


class VersionInline(admin.TabularInline):
    model = FrameworkVersion
    fields = ["label", "status", "published_at", "frozen_at"]
    readonly_fields = ["label", "status", "published_at", "frozen_at"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [VersionInline]


class LevelInline(ContentInline):
    model = Level
    fields = ["order", "key", "name", "summary"]


class EnablerInline(ContentInline):
    model = Enabler
    fields = ["order", "key", "name", "summary"]


class ScaleInline(ContentInline):
    model = Scale
    fields = ["order", "key", "name"]


class OwnershipKindInline(ContentInline):
    model = OwnershipKind
    fields = ["order", "key", "label", "description"]


class ActivityLeaderInline(ContentInline):
    model = ActivityLeader
    fields = ["order", "key", "name", "kind"]


class ActivityAreaInline(ContentInline):
    model = ActivityArea
    fields = ["order", "key", "name", "summary"]


class DialGroupInline(ContentInline):
    model = DialGroup
    fields = ["order", "key", "name"]


class GapActionInline(ContentInline):
    model = GapAction
    fields = ["gap", "title", "effort", "why", "done"]
    show_change_link = False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ContentAdmin):
    list_display = ["__str__", "status", "organisation", "published_at", "frozen_at", "forked_from"]
    list_filter = ["status", "framework"]
    search_fields = ["label", "framework__name", "summary"]
    list_select_related = ["framework", "forked_from__framework"]
    readonly_fields = ["status", "published_at", "retired_at", "frozen_at", "forked_from"]
    inlines = [
        LevelInline,
        EnablerInline,
        ScaleInline,
        OwnershipKindInline,
        ActivityLeaderInline,
        ActivityAreaInline,
        DialGroupInline,
        GapActionInline,
    ]
    actions = ["publish", "retire", "fork"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _frozen(obj):
            return ["framework", "label", "summary", *self.readonly_fields]
        return self.readonly_fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A frozen version's page stays open (read-only fields) so its actions work.
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    def _each(
        self, request: HttpRequest, queryset: QuerySet[FrameworkVersion], action: Any
    ) -> None:
        for version in queryset.select_related("framework"):
            try:
                result = action(version=version)
            except services.VersionStatusError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, f"{result}: done.", messages.SUCCESS)

    @admin.action(description="Publish selected drafts", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        self._each(request, queryset, services.version_publish)

    @admin.action(description="Retire selected versions", permissions=["change"])
    def retire(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        self._each(request, queryset, services.version_retire)

    @admin.action(description="Fork selected versions into new drafts", permissions=["add"])
    def fork(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        self._each(request, queryset, services.version_fork)


# --- Maturity Model --------------------------------------------------------------------


class LevelDescriptorInline(ContentInline):
    model = LevelDescriptor
    fields = ["level", "text"]
    show_change_link = False


class StatementInline(ContentInline):
    model = Statement
    fields = ["order", "key", "level", "text", "reverse_scored", "audience"]


@admin.register(Enabler)
class EnablerAdmin(ContentAdmin):
    list_display = ["name", "key", "version", "order"]
    list_filter = ["version"]
    search_fields = ["name", "key", "summary"]
    list_select_related = ["version__framework"]
    ordering = ["version", "order"]
    inlines = [LevelDescriptorInline, StatementInline]


@admin.register(Statement)
class StatementAdmin(ContentAdmin):
    parent_field = "enabler"
    list_display = ["key", "text", "enabler", "level", "reverse_scored", "audience", "version"]
    list_filter = ["version", "enabler__name", "level__name", "reverse_scored", "audience"]
    search_fields = ["key", "text", "help_text"]
    list_select_related = ["enabler", "level", "version__framework"]
    ordering = ["version", "enabler__order", "order"]


class ScaleOptionInline(ContentInline):
    model = ScaleOption
    fields = ["order", "key", "label", "score"]
    show_change_link = False


@admin.register(Scale)
class ScaleAdmin(ContentAdmin):
    list_display = ["name", "key", "version"]
    list_filter = ["version"]
    search_fields = ["name", "key"]
    inlines = [ScaleOptionInline]


# --- Activities --------------------------------------------------------------------------


class ActivityGroupInline(ContentInline):
    model = ActivityGroup
    fields = ["order", "key", "name"]
    show_change_link = False


class ActivityInline(ContentInline):
    model = Activity
    fields = ["order", "key", "name", "group", "ownership", "description"]


@admin.register(ActivityArea)
class ActivityAreaAdmin(ContentAdmin):
    list_display = ["name", "key", "version", "order"]
    list_filter = ["version"]
    search_fields = ["name", "key", "summary"]
    ordering = ["version", "order"]
    inlines = [ActivityGroupInline, ActivityInline]


@admin.register(Activity)
class ActivityAdmin(ContentAdmin):
    parent_field = "area"
    list_display = ["name", "key", "area", "group", "ownership", "version"]
    list_filter = ["version", "area__name", "ownership__label"]
    search_fields = ["name", "key", "description"]
    list_select_related = ["area", "group", "ownership", "version__framework"]
    ordering = ["version", "area__order", "order"]


# --- Dashboard --------------------------------------------------------------------------------


class DialInline(ContentInline):
    model = Dial
    fields = ["order", "key", "name", "left_label", "right_label", "red_below", "green_from"]


@admin.register(DialGroup)
class DialGroupAdmin(ContentAdmin):
    list_display = ["name", "key", "version", "order"]
    list_filter = ["version"]
    search_fields = ["name", "key"]
    inlines = [DialInline]


class DialInputInline(ContentInline):
    model = DialInput
    fields = ["statement", "weight", "direction"]
    autocomplete_fields = ["statement"]
    show_change_link = False


@admin.register(Dial)
class DialAdmin(ContentAdmin):
    parent_field = "group"
    list_display = ["name", "key", "group", "left_label", "right_label", "version"]
    list_filter = ["version", "group__name"]
    search_fields = ["name", "key", "description", "left_label", "right_label"]
    list_select_related = ["group", "version__framework"]
    ordering = ["version", "group__order", "order"]
    inlines = [DialInputInline]


# --- Recommendations ----------------------------------------------------------------------------


@admin.register(Recommendation)
class RecommendationAdmin(ContentAdmin):
    parent_field = "enabler"
    list_display = ["title", "enabler", "step", "effort", "version"]
    list_filter = ["version", "enabler__name", "step", "effort"]
    search_fields = ["key", "title", "why", "done"]
    list_select_related = ["enabler", "version__framework"]
    ordering = ["version", "enabler__order", "step", "order"]
    filter_horizontal = ["statements", "dials", "activities", "requires"]


@admin.register(Persona)
class PersonaAdmin(ContentAdmin):
    list_display = ["name", "leadership", "version"]
    list_filter = ["version", "leadership"]
    search_fields = ["key", "name", "description"]
    list_select_related = ["version__framework"]
    ordering = ["version", "order"]
