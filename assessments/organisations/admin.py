from django.contrib import admin

from assessments.organisations.models import Department, Membership, Organisation, Team


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DepartmentInline, MembershipInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "department__name", "organisation__name"]
    list_select_related = ["department", "organisation"]
