"""The "People and teams" page: an organisation's admins and consultants rename, move and
delete its teams and departments, change people's roles and teams, remove people and hand
the admin role over.

Thin: access, a form, one service, redirect (or the page again with the refused form).
Everything is reached through the organisation: another's team, department or person is a
404; anyone but a manager gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.organisations import services
from assessments.organisations.access import (
    OrgAccess,
    department_in,
    membership_in,
    org_access,
    require_admin,
    require_manager,
    team_in,
)
from assessments.organisations.forms import (
    HandOverForm,
    MembershipForm,
    RenameForm,
    TeamMoveForm,
)
from assessments.organisations.models import Membership
from assessments.organisations.selectors import (
    choices_of,
    department_deletion,
    people_page,
    team_deletion,
)

Bound = tuple[str, Form]


def _manager(request: HttpRequest, slug: str) -> OrgAccess:
    access = org_access(request, slug)
    require_manager(access)
    return access


def _page(request: HttpRequest, access: OrgAccess, bound: Bound | None = None) -> HttpResponse:
    """The page; after a refused form, shown again (400) with that form and its errors."""
    org = access.organisation
    data = people_page(org)
    choices = choices_of(org)
    key, form = bound or ("", None)

    def pick(name: str, make: Callable[[], Form]) -> Form:
        return form if form is not None and name == key else make()

    def rename(kind: str, obj: Any) -> Form:
        name = f"rename-{kind}-{obj.pk}"
        return pick(name, lambda: RenameForm(initial={"name": obj.name}, auto_id=f"{name}-%s"))

    def team_row(team: Any) -> tuple[Any, Form, Form]:
        move = f"move-team-{team.pk}"
        return (
            team,
            rename("team", team),
            pick(
                move,
                lambda: TeamMoveForm(
                    departments=choices["departments"],
                    initial={"department": team.department_id},
                    auto_id=f"{move}-%s",
                ),
            ),
        )

    def person_row(m: Membership) -> tuple[Membership, Form | None]:
        if m.role == Membership.Role.CONSULTANT:
            return m, None
        name = f"member-{m.pk}"
        initial = {"role": m.role, "team": m.team_id}
        return m, pick(
            name,
            lambda: MembershipForm(teams=choices["teams"], initial=initial, auto_id=f"{name}-%s"),
        )

    context = access.page_context(
        departments=[
            (d, rename("department", d), [team_row(t) for t in d.teams.all()])
            for d in data["departments"]
        ],
        loose_teams=[team_row(t) for t in data["loose_teams"]],
        people=[person_row(m) for m in data["memberships"]],
    )
    return render(
        request, "organisations/people.html", context, status=400 if bound is not None else 200
    )


@login_required
@require_safe
def people(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _manager(request, slug))


def _maybe(find: Callable[[OrgAccess, int], Any], access: OrgAccess, pk: int | None) -> Any:
    """The organisation's team or department chosen (a form's choices are its own), or None."""
    return None if pk is None else find(access, pk)


def _refused(request: HttpRequest, access: OrgAccess, name: str, form: Form) -> HttpResponse:
    return _page(request, access, (name, form))


def _save(form: Form, field: str, write: Callable[[], object]) -> bool:
    """Write if the form is valid; a refusal from the service goes to ``field``'s errors."""
    if not form.is_valid():
        return False
    try:
        write()
    except ValidationError as exc:
        form.add_error(field, exc.messages[0])
        return False
    return True


@login_required
@require_POST
def team_rename(request: HttpRequest, slug: str, team_pk: int) -> HttpResponse:
    access = _manager(request, slug)
    team = team_in(access, team_pk)
    name = f"rename-team-{team.pk}"
    form = RenameForm(request.POST, auto_id=f"{name}-%s")
    old = team.name
    if not _save(
        form, "name", lambda: services.team_rename(team=team, name=form.cleaned_data["name"])
    ):
        team.name = old
        return _refused(request, access, name, form)
    messages.success(request, f"Renamed the team {old} to {team.name}.")
    return redirect("orgs:people", slug=slug)


@login_required
@require_POST
def department_rename(request: HttpRequest, slug: str, department_pk: int) -> HttpResponse:
    access = _manager(request, slug)
    department = department_in(access, department_pk)
    name = f"rename-department-{department.pk}"
    form = RenameForm(request.POST, auto_id=f"{name}-%s")
    old = department.name

    def write() -> object:
        return services.department_rename(department=department, name=form.cleaned_data["name"])

    if not _save(form, "name", write):
        department.name = old
        return _refused(request, access, name, form)
    messages.success(request, f"Renamed the department {old} to {department.name}.")
    return redirect("orgs:people", slug=slug)


@login_required
@require_POST
def team_move(request: HttpRequest, slug: str, team_pk: int) -> HttpResponse:
    access = _manager(request, slug)
    team = team_in(access, team_pk)
    name = f"move-team-{team.pk}"
    departments = choices_of(access.organisation)["departments"]
    form = TeamMoveForm(request.POST, departments=departments, auto_id=f"{name}-%s")
    if not _save(
        form,
        "department",
        lambda: services.team_move(
            team=team, department=_maybe(department_in, access, form.cleaned_data["department"])
        ),
    ):
        return _refused(request, access, name, form)
    where = f"in {team.department.name}" if team.department else "in no department"
    messages.success(
        request,
        f"{team.name} is now {where}. Rounds already set up keep it where it was; "
        "rounds you set up from now on group it here.",
    )
    return redirect("orgs:people", slug=slug)


def _confirm(
    request: HttpRequest, access: OrgAccess, what: str, obj: Any, found: Any
) -> HttpResponse:
    return render(
        request,
        "organisations/delete_confirm.html",
        access.page_context(what=what, obj=obj, found=found),
        status=409 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_delete(request: HttpRequest, slug: str, team_pk: int) -> HttpResponse:
    """GET: what deleting the team would do, and whether it may be; POST: delete it."""
    access = _manager(request, slug)
    team = team_in(access, team_pk)
    if request.method == "POST":
        try:
            services.team_delete(team=team)
        except ValidationError:
            return _confirm(request, access, "team", team, team_deletion(team))
        messages.success(request, f"Deleted the team {team.name}.")
        return redirect("orgs:people", slug=slug)
    return _confirm(request, access, "team", team, team_deletion(team))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def department_delete(request: HttpRequest, slug: str, department_pk: int) -> HttpResponse:
    access = _manager(request, slug)
    department = department_in(access, department_pk)
    if request.method == "POST":
        try:
            services.department_delete(department=department)
        except ValidationError:
            return _confirm(
                request, access, "department", department, department_deletion(department)
            )
        messages.success(request, f"Deleted the department {department.name}.")
        return redirect("orgs:people", slug=slug)
    return _confirm(request, access, "department", department, department_deletion(department))


def _leaves(request: HttpRequest, access: OrgAccess, membership: Membership) -> HttpResponse:
    """Where to go after a change: someone who is no longer a manager leaves the page."""
    if membership.pk == access.membership.pk and membership.role not in (
        Membership.Role.ADMIN,
        Membership.Role.CONSULTANT,
    ):
        return redirect("orgs:organisation", slug=access.organisation.slug)
    return redirect("orgs:people", slug=access.organisation.slug)


@login_required
@require_POST
def membership_change(request: HttpRequest, slug: str, membership_pk: int) -> HttpResponse:
    access = _manager(request, slug)
    membership = membership_in(access, membership_pk)
    if membership.role == Membership.Role.CONSULTANT:
        raise PermissionDenied(
            "A consultant's access comes from their firm: it is not changed here."
        )
    name = f"member-{membership.pk}"
    teams = choices_of(access.organisation)["teams"]
    form = MembershipForm(request.POST, teams=teams, auto_id=f"{name}-%s")
    before = (membership.role, membership.team)

    def write() -> object:
        return services.membership_change(
            membership=membership,
            role=form.cleaned_data["role"],
            team=_maybe(team_in, access, form.cleaned_data["team"]),
        )

    if not _save(form, "role", write):
        membership.role, membership.team = before
        return _refused(request, access, name, form)
    who = membership.user.get_full_name() or membership.user.get_username()
    team = f", team {membership.team.name}" if membership.team else ", no team"
    messages.success(request, f"{who} is now {membership.get_role_display().lower()}{team}.")
    return _leaves(request, access, membership)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_remove(request: HttpRequest, slug: str, membership_pk: int) -> HttpResponse:
    """GET: what removing this person does; POST: remove them."""
    access = _manager(request, slug)
    membership = membership_in(access, membership_pk)
    refusal = ""
    if request.method == "POST":
        try:
            services.membership_remove(organisation=access.organisation, user=membership.user)
        except ValidationError as exc:
            refusal = exc.messages[0]
        else:
            who = membership.user.get_full_name() or membership.user.get_username()
            messages.success(request, f"{who} is no longer in {access.organisation.name}.")
            if membership.pk == access.membership.pk:
                return redirect("home")
            return redirect("orgs:people", slug=slug)
    return render(
        request,
        "organisations/remove_confirm.html",
        access.page_context(person=membership, refusal=refusal),
        status=409 if refusal else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def admin_hand_over(request: HttpRequest, slug: str) -> HttpResponse:
    """An admin makes someone else admin and steps down to team lead or member, in one go."""
    access = _manager(request, slug)
    require_admin(access)
    admin = access.membership
    data = request.POST if request.method == "POST" else None
    form = HandOverForm(data, admin=admin, auto_id="handover-%s")
    if request.method == "POST":

        def write() -> object:
            return services.admin_hand_over(
                admin=admin,
                to=form.cleaned_data["to"],
                then_role=form.cleaned_data["then_role"],
                then_team=form.cleaned_data["then_team"],
            )

        if _save(form, "to", write):
            to = form.cleaned_data["to"]
            who = to.user.get_full_name() or to.user.get_username()
            messages.success(request, f"{who} is now an admin of {access.organisation.name}.")
            return redirect("orgs:organisation", slug=slug)
    return render(
        request,
        "organisations/hand_over.html",
        access.page_context(form=form),
        status=400 if form.is_bound else 200,
    )
