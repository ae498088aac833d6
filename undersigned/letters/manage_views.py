"""The coordinators' pages. Every view is behind login; letters and signatures are reached
through one accessor each, so the permission rule lives in one place."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from undersigned.audit.selectors import audit_for_letter
from undersigned.core.languages import is_supported_language
from undersigned.core.markdown import render_markdown
from undersigned.core.text import clean_line
from undersigned.letters import permissions as perms
from undersigned.letters import selectors, services
from undersigned.letters.forms import LetterForm, RejectForm, RenameForm, TranslationForm
from undersigned.letters.models import (
    Letter,
    LetterRole,
    LetterTranslation,
    Signature,
    SignatureState,
)
from undersigned.publishing.services import PublishError, edition_publish


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
    return render(request, "manage/home.html", {"rows": rows})


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
        "source": translations.get(letter.source_lang),
        "editions": letter.editions.order_by("-number"),
        "can": perms.letter_permissions(request.user, letter),
    })


@login_required
@require_POST
def letter_status(request, slug, action):
    letter = coordinator_letter(request, slug,
                                perms.PUBLISH if action == "publish" else perms.CHANGE_STATUS)
    steps = {"open": services.letter_open, "reopen": services.letter_open,
             "close": services.letter_close}
    if action not in steps and action != "publish":
        return redirect("letters:manage-letter", slug=letter.slug)
    try:
        if action == "publish":
            edition, created = edition_publish(letter=letter, actor=request.user)
            if created:
                messages.success(request, _("Edition %(n)d is published.") % {"n": edition.number})
            else:
                messages.info(request, _("Nothing changed since edition %(n)d.")
                              % {"n": edition.number})
        else:
            steps[action](letter=letter, actor=request.user)
            messages.success(request, _("Done."))
    except (services.ServiceError, PublishError) as exc:
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
    form = TranslationForm(request.POST or None, initial=initial)
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
                    services.letter_role_set(letter=letter, user=user,
                                             role=request.POST.get("role", ""),
                                             actor=request.user)
            except services.ServiceError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Saved."))
        return redirect("letters:manage-roles", slug=letter.slug)
    return render(request, "manage/roles.html", {
        "letter": letter, "roles": letter.roles.select_related("user").order_by("user__username"),
        "choices": LetterRole.CHOICES})


@login_required
def letter_audit(request, slug):
    letter = coordinator_letter(request, slug)
    page = Paginator(audit_for_letter(letter.pk), 100).get_page(request.GET.get("page"))
    return render(request, "manage/audit.html", {"letter": letter, "page": page})


@login_required
@require_POST
def markdown_preview(request):
    return render(request, "manage/_preview.html",
                  {"html": render_markdown(request.POST.get("body_md", "")[:200_000])})


@login_required
def signature_list(request, slug):
    letter = coordinator_letter(request, slug)
    state = request.GET.get("state", "")
    query = clean_line(request.GET.get("q", ""))[:200]
    qs = selectors.signatures_for_moderation(letter, state=state, query=query)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "manage/signatures.html", {
        "letter": letter, "counts": selectors.signature_counts(letter),
        "rows": selectors.signatures_with_signals(page.object_list, user=request.user),
        "page": page,
        "state": state, "q": query, "states": SignatureState.choices,
        "reject_form": RejectForm(),
    })


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
    return redirect("letters:manage-signatures", slug=sig.letter.slug)
