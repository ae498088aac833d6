"""The coordinators' pages. Every view is behind login; letters and signatures are reached
through one accessor each, so the permission rule lives in one place."""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from undersigned.audit.selectors import audit_for_letter
from undersigned.core.languages import is_supported_language
from undersigned.core.markdown import render_markdown
from undersigned.core.text import clean_line
from undersigned.letters import charts, selectors, services
from undersigned.letters import permissions as perms
from undersigned.letters.auditlog import audit_lines
from undersigned.letters.forms import LetterForm, RejectForm, RenameForm, TranslationForm
from undersigned.letters.models import (
    Letter,
    LetterRole,
    LetterTranslation,
    Signature,
    SignatureState,
)


def coordinator_letter(request, slug: str, perm: str = perms.VIEW) -> Letter:
    """The one accessor for a letter in the coordinator's pages (404 without the right)."""
    return perms.access_letter(request.user, slug, perm)


def coordinator_signature(request, public_id, perm: str = perms.VIEW) -> Signature:
    return perms.access_signature(request.user, public_id, perm)


@login_required
def manage_home(request):
    letters = perms.letters_for_user(request.user).prefetch_related("translations")
    rows = [(letter, selectors.letter_translation(letter, letter.source_lang),
             selectors.signature_counts(letter)) for letter in letters]
    partner_of = [] if perms.is_admin(request.user) else list(
        LetterRole.objects.filter(user=request.user, role=LetterRole.PARTNER)
        .select_related("partner", "letter"))
    return render(request, "manage/home.html", {"rows": rows, "partner_of": partner_of})


@login_required
def letter_new(request):
    form = LetterForm(request.POST or None, prefix="letter")
    text = TranslationForm(request.POST or None, prefix="text")
    if request.method == "POST" and form.is_valid() and text.is_valid():
        data, tdata = form.cleaned_data, text.cleaned_data
        if Letter.objects.filter(slug=data["slug"]).exists():
            form.add_error("slug", _("A letter already has this address."))
        else:
            try:
                letter = services.letter_create(
                    slug=data["slug"], source_lang=data["source_lang"],
                    languages=data["languages"], title=tdata["title"],
                    recipients=tdata["recipients"], body_md=tdata["body_md"],
                    asks=tdata["asks"], deadline=data["deadline"], created_by=request.user,
                )
            except IntegrityError:
                form.add_error("slug", _("A letter already has this address."))
            except services.ServiceError as exc:
                form.add_error("slug", str(exc))
            else:
                messages.success(request, _("The letter was created as a draft."))
                return redirect("letters:manage-letter", slug=letter.slug)
    return render(request, "manage/letter_new.html", {"form": form, "text": text})


@login_required
def letter_detail(request, slug):
    letter = services.letter_close_if_past_deadline(coordinator_letter(request, slug))
    translations = {tr.lang: tr for tr in letter.translations.all()}
    stale = services.translation_staleness(letter)
    langs = [(lang, translations.get(lang), lang in stale) for lang in letter.languages]
    return render(request, "manage/letter.html", {
        "letter": letter, "langs": langs, "counts": selectors.signature_counts(letter),
        "text_warnings": selectors.letter_texts_warnings(letter),
        "withdrawal_requests": selectors.withdrawal_requests(letter).count(),
        "chart": charts.chart(selectors.signons_per_day(letter),
                              labels={k: str(v) for k, v in SignatureState.choices}),
        "source": translations.get(letter.source_lang),
        "editions": letter.editions.order_by("-number"),
        "can": perms.letter_permissions(request.user, letter),
    })


@login_required
@require_POST
def letter_status(request, slug, action):
    if action == "publish":  # publishing goes through its confirmation page
        letter = coordinator_letter(request, slug, perms.PUBLISH)
        return redirect("publishing:publish", slug=letter.slug)
    letter = coordinator_letter(request, slug, perms.CHANGE_STATUS)
    if action not in ("open", "reopen", "close"):
        return redirect("letters:manage-letter", slug=letter.slug)
    try:
        if action == "close":
            services.letter_close(letter=letter, actor=request.user)
            messages.success(request, _("Sign-on is closed."))
        else:
            services.letter_open(letter=letter, actor=request.user,
                                 accept_incomplete=request.POST.get("accept_incomplete") == "1")
            messages.success(request, _("Sign-on is open."))
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("letters:manage-letter", slug=letter.slug)


@login_required
def translation_edit(request, slug, lang):
    letter = coordinator_letter(request, slug)
    if lang not in letter.languages and not is_supported_language(lang):
        raise Http404
    letter = coordinator_letter(
        request, slug, perms.EDIT_TEXT if lang == letter.source_lang else perms.TRANSLATE)
    tr = LetterTranslation.objects.filter(letter=letter, lang=lang).first()
    source = LetterTranslation.objects.filter(letter=letter, lang=letter.source_lang).first()
    initial = {}
    if tr:
        initial = {"title": tr.title, "recipients": tr.recipients, "body_md": tr.body_md,
                   "asks": "\n".join(tr.asks)}
    form = TranslationForm(request.POST or None, initial=initial, lang=lang)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _tr, notified = services.translation_save(
            letter=letter, lang=lang, title=data["title"], recipients=data["recipients"],
            body_md=data["body_md"], asks=data["asks"], actor=request.user,
        )
        if notified:
            messages.info(request, _("Saved. %(n)d signatories were emailed what changed.")
                          % {"n": notified})
        else:
            messages.success(request, _("Saved."))
        return redirect("letters:manage-letter", slug=letter.slug)
    return render(request, "manage/translation.html", {
        "letter": letter, "lang": lang, "form": form, "source": source,
        "source_html": render_markdown(source.body_md) if source else "",
        "preview_html": render_markdown(tr.body_md) if tr else "",
        "stale_diff": services.translation_staleness(letter).get(lang, ""),
    })


@login_required
def organization_names(request, slug, lang):
    """The translator's page: each signatory's name in ``lang`` as this letter prints it,
    with suggestions from what the translator may see. Only this letter changes."""
    letter = coordinator_letter(request, slug, perms.TRANSLATE)
    if lang not in letter.languages or lang == letter.source_lang:
        raise Http404
    signatures = list(Signature.objects.filter(letter=letter, active=True, publish_name=True)
                      .select_related("organization", "letter").order_by("name"))
    if request.method == "POST":
        saved = 0
        for sig in signatures:
            text = clean_line(request.POST.get(f"name-{sig.public_id}", ""))
            if text and text != (sig.names or {}).get(lang, ""):
                try:
                    services.signature_name_set(signature=sig, lang=lang, text=text,
                                                actor=request.user)
                except services.ServiceError as exc:
                    messages.error(request, f"{sig.name}: {exc}")
                    continue
                saved += 1
        messages.success(request, _("%(n)d names saved.") % {"n": saved})
        return redirect("letters:manage-names", slug=letter.slug, lang=lang)
    suggestions = selectors.signature_name_suggestions(user=request.user, signatures=signatures,
                                                       lang=lang)
    rows = []
    for sig in signatures:
        current = (sig.names or {}).get(lang, "")
        rows.append({"sig": sig, "current": current,
                     "suggestions": [] if current else suggestions.get(sig.pk, [])})
    return render(request, "manage/names.html", {
        "letter": letter, "lang": lang, "rows": rows,
        "missing": sum(1 for r in rows if not r["current"])})


@login_required
def letter_roles(request, slug):
    letter = coordinator_letter(request, slug, perms.MANAGE_ROLES)
    User = get_user_model()
    if request.method == "POST":
        user = User.objects.filter(username=request.POST.get("username", "").strip(),
                                   is_active=True).first()
        if user is None:
            messages.error(request, _("No coordinator has this username."))
        else:
            try:
                if request.POST.get("remove"):
                    services.letter_role_remove(letter=letter, user=user, actor=request.user)
                else:
                    partner = selectors.letter_partner(letter, request.POST.get("partner", ""))
                    services.letter_role_set(letter=letter, user=user,
                                             role=request.POST.get("role", ""),
                                             partner=partner, actor=request.user)
            except services.ServiceError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Saved."))
        return redirect("letters:manage-roles", slug=letter.slug)
    return render(request, "manage/roles.html", {
        "letter": letter, "roles": letter.roles.select_related("user", "partner")
        .order_by("user__username"),
        "choices": LetterRole.CHOICES, "partners": letter.partners.all()})


@login_required
def letter_partners(request, slug):
    """The core group: partners with their referral links and embeds, and the sites that
    may embed the letter (owners)."""
    letter = coordinator_letter(request, slug, perms.MANAGE_ROLES)
    if request.method == "POST":
        try:
            if "origins" in request.POST:
                services.letter_embed_origins_set(
                    letter=letter, origins=request.POST.get("origins", "").split(),
                    actor=request.user)
            else:
                partner = selectors.letter_partner(letter, request.POST.get("partner", ""))
                services.partner_save(letter=letter, partner=partner,
                                      name=request.POST.get("name", ""),
                                      code=request.POST.get("code", ""),
                                      listed=bool(request.POST.get("listed")),
                                      actor=request.user)
        except services.ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
        return redirect("letters:manage-partners", slug=letter.slug)
    return render(request, "manage/partners.html", {
        "letter": letter, "partners": selectors.partners_with_counts(letter),
        "site": settings.SITE_URL})


@login_required
def partner_detail(request, slug, code):
    """What came through one partner: counts, public names, and the contacts of those who
    agreed to share them with it (moderators see every contact, as on their own pages)."""
    partner = perms.access_partner(request.user, slug, code)
    contacts = perms.CONTACTS in perms.letter_permissions(request.user, partner.letter)
    counts = dict(selectors.partners_with_counts(partner.letter))[partner]
    return render(request, "manage/partner.html", {
        "partner": partner, "letter": partner.letter, "counts": counts,
        "rows": selectors.partner_signatures(partner, contacts=contacts),
        "site": settings.SITE_URL})


@login_required
def letter_audit(request, slug):
    letter = coordinator_letter(request, slug)
    page = Paginator(audit_for_letter(letter.pk), 100).get_page(request.GET.get("page"))
    return render(request, "manage/audit.html", {"letter": letter, "page": page,
                                                 "lines": audit_lines(page.object_list)})


@login_required
@require_POST
def markdown_preview(request):
    return render(request, "manage/_preview.html",
                  {"html": render_markdown(request.POST.get("body_md", "")[:200_000])})


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _list_params(data) -> dict[str, str]:
    """The moderation list's filter, search and page, from a query or a form's ``back``
    fields: only these three, checked, so a redirect goes nowhere else."""
    state = data.get("state", "")
    state = state if state in (*SignatureState.values, selectors.WITHDRAWAL_REQUESTS) else ""
    page = data.get("page", "")
    return {k: v for k, v in (("state", state), ("q", clean_line(data.get("q", ""))[:200]),
                              ("page", page if page.isdigit() else "")) if v}


def _back_to_list(letter, data):
    """The list as the coordinator left it: same filter, search and page, scrolled to the
    row after the one just settled (``then``), or to the list."""
    url = reverse("letters:manage-signatures", args=[letter.slug])
    params = _list_params(data)
    then = data.get("then", "")
    anchor = f"#sig-{then}" if _UUID.fullmatch(then) else "#results"
    return redirect(f"{url}?{urlencode(params)}{anchor}" if params else f"{url}{anchor}")


@login_required
def signature_list(request, slug):
    letter = coordinator_letter(request, slug)
    params = _list_params(request.GET)
    state, query = params.get("state", ""), params.get("q", "")
    can = perms.letter_permissions(request.user, letter)
    qs = selectors.signatures_for_moderation(letter, state=state, query=query,
                                             contacts=perms.CONTACTS in can)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = selectors.signatures_with_signals(page.object_list, user=request.user)
    nexts = [sig.public_id for sig, _signals in rows[1:]] + [None] if rows else []
    return render(request, "manage/signatures.html", {
        "letter": letter, "counts": selectors.signature_counts(letter),
        "withdrawal_requests": selectors.withdrawal_requests(letter).count(),
        "rows": [(sig, signals, nxt) for (sig, signals), nxt in zip(rows, nexts, strict=True)],
        "page": page, "state": state, "q": query, "states": SignatureState.choices,
        "back": {**params, "page": str(page.number)},
        "reject_form": RejectForm(), "can_moderate": perms.MODERATE in can, "can": can,
    })


@login_required
@require_POST
def signature_bulk(request, slug):
    """Approve or reject the selected rows: the first POST shows them for one
    confirmation, the second (``confirm``) does it."""
    letter = coordinator_letter(request, slug, perms.MODERATE)
    action = request.POST.get("action", "")
    ids = [i for i in request.POST.getlist("ids") if _UUID.fullmatch(i)][:1000]
    reason = request.POST.get("reason", "").strip()[:2000]
    if action not in services.MODERATION_ACTIONS or not ids:
        messages.error(request, _("Select at least one sign-on, then choose what to do."))
        return _back_to_list(letter, request.POST)
    if action == "reject" and not reason:
        messages.error(request, _("Give a reason for the rejection; it is kept in the history."))
        return _back_to_list(letter, request.POST)
    if request.POST.get("confirm") != "1":
        chosen = list(Signature.objects.filter(letter=letter, public_id__in=ids).order_by("name"))
        return render(request, "manage/signatures_bulk.html", {
            "letter": letter, "action": action, "chosen": chosen, "reason": reason,
            "back": _list_params(request.POST),
            "back_query": urlencode(_list_params(request.POST))})
    try:
        done, skipped = services.signatures_moderate(letter=letter, public_ids=ids,
                                                     action=action, actor=request.user,
                                                     reason=reason)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return _back_to_list(letter, request.POST)
    if action == "approve":
        messages.success(request, ngettext("%(n)d sign-on approved.", "%(n)d sign-ons approved.",
                                           len(done)) % {"n": len(done)})
    else:
        messages.success(request, ngettext("%(n)d sign-on rejected.", "%(n)d sign-ons rejected.",
                                           len(done)) % {"n": len(done)})
    for name, why in skipped:
        messages.warning(request, _("%(name)s: not changed. %(why)s") % {"name": name, "why": why})
    return _back_to_list(letter, request.POST)


@login_required
def signature_detail(request, public_id):
    sig = coordinator_signature(request, public_id)
    [(sig, signals)] = selectors.signatures_with_signals([sig], user=request.user)
    return render(request, "manage/signature.html", {
        "sig": sig, "signals": signals,
        "registry": perms.organization_views(request.user, [sig.organization],
                                             letter=sig.letter).get(sig.organization_id), "events": sig.events.select_related("actor"),
        "duplicates": sig.duplicates.all(), "reject_form": RejectForm(),
        "rename_form": RenameForm(initial={"name": sig.name}),
        "can": perms.letter_permissions(request.user, sig.letter),
    })


@login_required
@require_POST
def signature_action(request, public_id, action):
    sig = coordinator_signature(request, public_id, perms.MODERATE)
    try:
        if action == "approve":
            services.signature_approve(signature=sig, actor=request.user)
        elif action == "reject":
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.signature_reject(signature=sig, actor=request.user, reason=reason)
        elif action == "withdraw":
            services.signature_withdraw_by_coordinator(
                signature=sig, actor=request.user, reason=request.POST.get("reason", ""))
        elif action == "rename":
            form = RenameForm(request.POST)
            if not form.is_valid():
                raise services.ServiceError(_("The name cannot be empty or longer than 300 "
                                              "characters."))
            services.signature_rename(signature=sig, name=form.cleaned_data["name"],
                                      actor=request.user)
        else:
            raise services.ServiceError(_("Unknown action."))
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s: done.") % {"name": sig.name})
    nxt = request.POST.get("next", "")
    if nxt == "detail":
        return redirect("letters:manage-signature", public_id=sig.public_id)
    return _back_to_list(sig.letter, request.POST)
