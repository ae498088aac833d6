"""The coordinators' advocacy pages. Every view is behind login; resolutions, campaigns
and states are reached through one accessor each. Views parse, call a service or a
selector, and render."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from undersigned.advocacy import permissions as adv_perms
from undersigned.advocacy import selectors, services
from undersigned.advocacy.forms import (
    AmendmentForm,
    CampaignForm,
    CompareForm,
    LetterChoiceForm,
    OutreachForm,
    ResolutionForm,
    SponsorsForm,
    StatusForm,
    VoteForm,
    WithdrawForm,
)
from undersigned.advocacy.models import Ask, Campaign, Resolution, Status
from undersigned.advocacy.reference import GROUPS, State
from undersigned.advocacy.resolver import parse_vote, resolve_list
from undersigned.advocacy.scorecard import STYLES
from undersigned.letters import permissions as perms
from undersigned.letters.selectors import letter_translation


def coordinator_resolution(request, pk: int, *, change: bool = False) -> Resolution:
    """The one accessor for a resolution in the coordinators' pages (advocacy.permissions):
    anyone may read it; changing it is refused with a message unless the user may."""
    return adv_perms.access_resolution(request.user, pk, change=change)


def coordinator_campaign(request, pk: int) -> Campaign:
    """A campaign follows the roles of its letter (advocacy.permissions.access_campaign):
    reading needs a role on the letter, changing anything (a POST) an editor's."""
    return adv_perms.access_campaign(request.user, pk, change=request.method == "POST")


def coordinator_state(request, code: str) -> State:
    state = selectors.state_or_none(code)
    if state is None:
        raise Http404
    return state


def _lang() -> str:
    return get_language() or "en"


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- home, resolutions ----------------------------------------------------------------


@login_required
def home(request):
    return render(request, "advocacy/manage/home.html", {
        "campaigns": Campaign.objects.select_related("resolution", "letter").filter(
            letter__in=perms.letters_for_user(request.user)),
        "resolutions": Resolution.objects.all(),
    })


@login_required
def resolution_new(request):
    form = ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resolution = services.resolution_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The resolution was saved."))
        return redirect("advocacy-manage:resolution", pk=resolution.pk)
    return render(request, "advocacy/manage/resolution_form.html", {"form": form})


@login_required
def resolution_edit(request, pk):
    resolution = coordinator_resolution(request, pk, change=True)
    form = ResolutionForm(request.POST or None, instance=resolution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resolution.refresh_from_db()
        services.resolution_save(resolution=resolution, actor=request.user, **data)
        messages.success(request, _("The resolution was saved."))
        return redirect("advocacy-manage:resolution", pk=resolution.pk)
    return render(request, "advocacy/manage/resolution_form.html",
                  {"form": form, "resolution": resolution})


@login_required
def resolution_detail(request, pk):
    resolution = coordinator_resolution(request, pk)
    votes = []
    for vote in resolution.votes.select_related("amendment"):
        votes.append((vote, vote.tally()))
    return render(request, "advocacy/manage/resolution.html", {
        "resolution": resolution,
        "sponsors": resolution.sponsorships.all(),
        "amendments": resolution.amendments.all(),
        "votes": votes,
        "campaigns": resolution.campaigns.all() if perms.is_admin(request.user)
        else resolution.campaigns.filter(letter__in=perms.letters_for_user(request.user)),
        "can_change": adv_perms.may_change_resolution(request.user, resolution),
        "renewal": selectors.next_renewal(resolution),
        "withdraw_form": WithdrawForm(resolution=resolution,
                                      initial={"on": timezone.localdate()}),
    })


@login_required
@require_POST
def sponsor_withdraw(request, pk):
    resolution = coordinator_resolution(request, pk, change=True)
    form = WithdrawForm(request.POST, resolution=resolution)
    if form.is_valid():
        services.sponsor_withdraw(resolution, form.cleaned_data["state"],
                                  on=form.cleaned_data["on"], actor=request.user)
        messages.success(request, _("The withdrawal was recorded."))
    else:
        messages.error(request, _("Choose a sponsor and a date."))
    return redirect("advocacy-manage:resolution", pk=resolution.pk)


def _paste_flow(request, form, *, parse, save, template, context):
    """Preview, then confirm: the page shows what resolved and what did not before
    anything is saved; a text changed since its preview is previewed again."""
    preview = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        fingerprint = _fingerprint(text)
        if request.POST.get("confirm") and request.POST.get("previewed") == fingerprint:
            try:
                report = save(form.cleaned_data)
            except services.AdvocacyError as exc:
                messages.error(request, str(exc))
            else:
                added = len(report.added) + len(report.updated)
                messages.success(request, _("Saved: %(n)d states.") % {"n": added})
                if report.unresolved:
                    messages.warning(request, _("Not saved, not recognised: %(names)s") % {
                        "names": ", ".join(u["as_written"] for u in report.unresolved)})
                return redirect("advocacy-manage:resolution", pk=context["resolution"].pk)
        preview = parse(text)
        preview["fingerprint"] = fingerprint
    return render(request, template, {**context, "form": form, "preview": preview})


@login_required
def sponsors_import(request, pk):
    resolution = coordinator_resolution(request, pk, change=True)
    form = SponsorsForm(request.POST or None)

    def save(data):
        return services.sponsors_import(
            resolution, data["text"], joined_on=data["joined_on"],
            main_sponsor=data["main_sponsor"], core_group=data["core_group"],
            source=data["source"], actor=request.user)

    def parse(text):
        parsed = resolve_list(text)
        return {"sides": [(_("Sponsors"), parsed["states"])], "others": parsed["others"],
                "unresolved": parsed["unresolved"], "duplicates": parsed["duplicates"],
                "warnings": services.check_council_marks(resolution, parsed["states"])}

    return _paste_flow(request, form, parse=parse, save=save,
                       template="advocacy/manage/paste.html",
                       context={"resolution": resolution, "what": _("Sponsors")})


@login_required
def vote_import(request, pk):
    resolution = coordinator_resolution(request, pk, change=True)
    form = VoteForm(request.POST or None, resolution=resolution)

    def save(data):
        amendment = None
        if data["amendment"]:
            amendment = get_object_or_404(resolution.amendments, pk=data["amendment"])
        _vote, report = services.vote_import(resolution, data["text"], amendment=amendment,
                                             held_on=data["held_on"], source=data["source"],
                                             actor=request.user)
        return report

    def parse(text):
        parsed = parse_vote(text)
        return {"sides": [(_("In favour"), parsed["yes"]), (_("Against"), parsed["no"]),
                          (_("Abstaining"), parsed["abstain"]),
                          (_("Absent / did not vote"), parsed["absent"])],
                "others": parsed["others"], "unresolved": parsed["unresolved"],
                "duplicates": [], "warnings": parsed["warnings"]}

    return _paste_flow(request, form, parse=parse, save=save,
                       template="advocacy/manage/paste.html",
                       context={"resolution": resolution, "what": _("Recorded vote")})


@login_required
def amendment_new(request, pk):
    resolution = coordinator_resolution(request, pk, change=True)
    form = AmendmentForm(request.POST or None)

    def save(data):
        _amendment, report = services.amendment_create(
            resolution, symbol=data["symbol"], proposers_text=data["text"],
            summary=data["summary"], hostile=data["hostile"], actor=request.user)
        return report

    def parse(text):
        parsed = resolve_list(text)
        return {"sides": [(_("Proposed by"), parsed["states"])], "others": parsed["others"],
                "unresolved": parsed["unresolved"], "duplicates": parsed["duplicates"],
                "warnings": []}

    return _paste_flow(request, form, parse=parse, save=save,
                       template="advocacy/manage/paste.html",
                       context={"resolution": resolution, "what": _("Amendment")})


@login_required
def compare(request):
    form = CompareForm(request.GET or None)
    result = None
    if form.is_valid():
        result = selectors.resolutions_compare(form.cleaned_data["a"], form.cleaned_data["b"],
                                               lang=_lang())
    return render(request, "advocacy/manage/compare.html", {"form": form, "result": result})


@login_required
def calendar(request):
    try:
        count = max(1, min(int(request.GET.get("sessions", 3)), 12))
    except ValueError:
        count = 3
    today = timezone.localdate()
    return render(request, "advocacy/manage/calendar.html", {
        "rows": selectors.renewal_calendar(today, sessions=count), "count": count,
        "hrc": [selectors.session_label("HRC", n)
                for n in selectors.upcoming_sessions("HRC", today, count)],
        "ga": [selectors.session_label("GA", n)
               for n in selectors.upcoming_sessions("GA", today, count)],
    })


# --- campaigns -------------------------------------------------------------------------


@login_required
def campaign_new(request):
    chooser = LetterChoiceForm(request.GET or None)
    chooser.fields["letter"].queryset = perms.letters_for_user(request.user)
    letter = chooser.cleaned_data["letter"] if chooser.is_valid() else None
    if letter is not None and perms.EDIT_TEXT not in perms.letter_permissions(request.user,
                                                                               letter):
        raise Http404
    if letter is None:
        return render(request, "advocacy/manage/campaign_letter.html", {"chooser": chooser})
    tr = letter_translation(letter, letter.source_lang)
    asks = list(tr.asks) if tr else []
    form = CampaignForm(request.POST or None, asks=asks,
                        kinds=[services.guess_ask_kind(a) for a in asks],
                        initial={"name": tr.title if tr else letter.slug})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = services.campaign_create(
            name=data["name"], slug=data["slug"], letter=letter,
            resolution=data["resolution"], published=data["published"],
            asks=list(zip(asks, form.ask_kinds(), strict=True)), by=request.user)
        messages.success(request, _("The campaign was created."))
        return redirect("advocacy-manage:board", pk=campaign.pk)
    return render(request, "advocacy/manage/campaign_form.html",
                  {"form": form, "letter": letter})


@login_required
def campaign_edit(request, pk):
    campaign = coordinator_campaign(request, pk)
    asks = list(campaign.asks.all())
    form = CampaignForm(
        request.POST or None, asks=[str(a) for a in asks], kinds=[a.kind for a in asks],
        campaign=campaign,
        initial={"name": campaign.name, "slug": campaign.slug,
                 "resolution": campaign.resolution, "published": campaign.published})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.campaign_update(
            campaign, name=data["name"], slug=data["slug"], resolution=data["resolution"],
            published=data["published"],
            kinds={a.pk: k for a, k in zip(asks, form.ask_kinds(), strict=True)},
            actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("advocacy-manage:board", pk=campaign.pk)
    return render(request, "advocacy/manage/campaign_form.html",
                  {"form": form, "campaign": campaign, "letter": campaign.letter})


@login_required
def board(request, pk):
    campaign = coordinator_campaign(request, pk)
    group = request.GET.get("group", "")
    group = group if group in GROUPS else ""
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    hrc_only = request.GET.get("hrc") == "1"
    data = selectors.board(campaign, lang=_lang(), group=group, hrc_only=hrc_only,
                           status=status, today=timezone.localdate())
    symbols = {value: STYLES[value].symbol for value in Status.values if value in STYLES}
    for g in data["groups"]:
        for row in g["rows"]:
            for cell in row["cells"]:
                cell["symbol"] = symbols.get(cell["status"], "")
    return render(request, "advocacy/manage/board.html", {
        "campaign": campaign, "board": data, "groups": selectors.group_labels(),
        "group": group, "status": status, "hrc_only": hrc_only, "statuses": Status.choices,
        "year": timezone.localdate().year,
        "legend": [(value, label, symbols.get(value, "")) for value, label in Status.choices],
    })


@login_required
def state_detail(request, pk, code):
    campaign = coordinator_campaign(request, pk)
    state = coordinator_state(request, code)
    data = selectors.state_page(campaign, state)
    for item in data["items"]:
        item["form"] = StatusForm(prefix=f"ask{item['ask'].pk}", initial={
            "status": item["status"], "evidence": item["row"].evidence if item["row"] else ""})
    outreach_form = OutreachForm(initial={"happened_on": timezone.localdate()})
    return render(request, "advocacy/manage/state.html", {
        "campaign": campaign, "state": state, "name": state.name_in(selectors.data_lang(_lang())),
        "items": data["items"], "outreach": data["outreach"], "outreach_form": outreach_form,
    })


@login_required
@require_POST
def status_set(request, pk, code, ask_id):
    campaign = coordinator_campaign(request, pk)
    state = coordinator_state(request, code)
    ask = get_object_or_404(Ask, pk=ask_id, campaign=campaign)
    form = StatusForm(request.POST, prefix=f"ask{ask.pk}")
    if form.is_valid():
        try:
            services.status_record(ask, state.iso3, form.cleaned_data["status"],
                                   by=request.user, evidence=form.cleaned_data["evidence"])
        except services.AdvocacyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("That status could not be saved."))
    return redirect("advocacy-manage:state", pk=campaign.pk, code=state.iso3)


@login_required
@require_POST
def outreach_add(request, pk, code):
    campaign = coordinator_campaign(request, pk)
    state = coordinator_state(request, code)
    form = OutreachForm(request.POST)
    if form.is_valid():
        services.outreach_add(campaign, state.iso3, by=request.user, **form.cleaned_data)
        messages.success(request, _("The contact was logged."))
        return redirect("advocacy-manage:state", pk=campaign.pk, code=state.iso3)
    data = selectors.state_page(campaign, state)
    for item in data["items"]:
        item["form"] = StatusForm(prefix=f"ask{item['ask'].pk}", initial={
            "status": item["status"], "evidence": item["row"].evidence if item["row"] else ""})
    return render(request, "advocacy/manage/state.html", {
        "campaign": campaign, "state": state, "name": state.name_in(selectors.data_lang(_lang())),
        "items": data["items"], "outreach": data["outreach"], "outreach_form": form,
    }, status=400)
