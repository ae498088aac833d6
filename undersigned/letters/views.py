"""Public pages: the letters, signing, confirming and withdrawing. Views parse input, call
services and selectors, and render; nothing else."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from undersigned.core import ratelimit
from undersigned.core.languages import language_name
from undersigned.core.markdown import render_markdown
from undersigned.core.middleware import CSP
from undersigned.core.text import clean_line
from undersigned.letters import selectors, services
from undersigned.letters.forms import SignOnForm
from undersigned.letters.models import Letter, LetterStatus
from undersigned.letters.tokens import TokenError


def _public_letter(slug: str) -> Letter:
    """The one accessor for a letter on a public page: drafts do not exist there."""
    letter = get_object_or_404(
        Letter, slug=slug,
        status__in=[LetterStatus.OPEN, LetterStatus.CLOSED, LetterStatus.PUBLISHED],
    )
    return services.letter_close_if_past_deadline(letter)


def home(request):
    letters = selectors.public_letters()
    lang = translation.get_language()
    items = [(letter, selectors.letter_translation(letter, lang)) for letter in letters]
    return render(request, "letters/home.html", {"items": items})


def letter_pick_language(request, slug):
    letter = _public_letter(slug)
    lang = selectors.pick_language(letter, request.headers.get("Accept-Language", ""))
    url = reverse("letters:letter-lang", args=[letter.slug, lang])
    partner = selectors.letter_partner(letter, request.GET.get("via", ""))
    response = redirect(f"{url}?{urlencode({'via': partner.code})}" if partner else url)
    response["Vary"] = "Accept-Language"
    return response


def _language_links(letter):
    """The switcher: the languages whose text exists, each by its own name."""
    return [(lang, language_name(lang, lang)) for lang in selectors.public_languages(letter)]


def _offered(letter, lang: str) -> bool:
    return lang in selectors.public_languages(letter)


def _sign(request, letter: Letter, lang: str, form: SignOnForm) -> tuple[bool, int]:
    """The sign-on POST, the same for the page, the embed and (through the same service)
    the API: (accepted, status). A refusal is put on the form as a message."""
    if letter.status != LetterStatus.OPEN:
        form.add_error(None, _("This letter is not open for sign-on."))
        return False, 409
    if form.is_bot():
        return True, 302
    if not form.is_valid():
        return False, 400
    signon = form.signon()
    # The limits are counted in the sign-on's own transaction: one write transaction per
    # sign-on (SQLite takes them one at a time), not three.
    with transaction.atomic():
        if not (ratelimit.allow("signon-ip", ratelimit.client_ip(request),
                                limit=settings.SIGNON_RATE_PER_IP,
                                window=settings.SIGNON_RATE_WINDOW)
                and ratelimit.allow("signon-email", signon.contact_email.lower(),
                                    limit=settings.SIGNON_RATE_PER_EMAIL,
                                    window=settings.SIGNON_RATE_WINDOW)):
            form.add_error(None, _("Too many sign-ons came from here in a short time. "
                                   "Please try again in an hour."))
            return False, 429
        try:
            services.signature_submit(letter=letter, lang=lang, data=signon)
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
            return False, 409
    return True, 302


def _letter_in(slug: str, lang: str) -> tuple[Letter, str, bool]:
    """The public letter in ``lang``, and whether that language is offered but its text is
    not written yet (the page then sends the reader to the source language)."""
    letter = _public_letter(slug)
    lang = lang.lower()
    if lang not in letter.languages:
        raise Http404
    return letter, lang, not _offered(letter, lang)


@require_http_methods(["GET", "POST"])
def letter_page(request, slug, lang):
    letter, lang, unwritten = _letter_in(slug, lang)
    if unwritten:
        return redirect("letters:letter-lang", slug=letter.slug, lang=letter.source_lang)
    partner = selectors.letter_partner(letter, request.POST.get("via")
                                       or request.GET.get("via", ""))
    with translation.override(lang):
        form = SignOnForm(request.POST or None, lang=lang, partner=partner,
                          suggest_url=reverse("letters:suggest", args=[letter.slug, lang]))
        status = 200
        if request.method == "POST":
            accepted, status = _sign(request, letter, lang, form)
            if accepted:
                return redirect("letters:thanks", slug=letter.slug, lang=lang)
        tr = selectors.letter_translation(letter, lang)
        context = {
            "letter": letter, "lang": lang, "tr": tr,
            "body_html": render_markdown(tr.body_md if tr else ""),
            "form": form, "languages": _language_links(letter),
            "signatures": selectors.public_signatures_in(letter, lang),
            "anonymous_count": selectors.letter_anonymous_count(letter),
            "is_open": letter.status == LetterStatus.OPEN,
            "coordinators": selectors.letter_coordinators(letter),
            "latest_edition": letter.editions.order_by("-number").first(),
        }
        return render(request, "letters/letter.html", context, status=status)


# --- embeds: a partner's site shows the sign-on form and the count ---------------------------


def _framed_by(response, letter: Letter):
    """Only the sites the letter lists may frame its embed (none: nobody may)."""
    ancestors = " ".join(letter.embed_origins) or "'none'"
    response["Content-Security-Policy"] = CSP.replace("frame-ancestors 'none'",
                                                      f"frame-ancestors {ancestors}")
    return response


def _same_origin(request) -> bool:
    """The embed's form is posted from its own frame: the Origin (or, without one, the
    Referer) is this site. That stands in for the CSRF cookie, which browsers do not send
    to a frame inside another site."""
    own = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin:
        return origin == own
    return request.headers.get("Referer", "").startswith(own + "/")


def embed_pick_language(request, slug):
    letter = _public_letter(slug)
    lang = selectors.pick_language(letter, request.headers.get("Accept-Language", ""))
    url = reverse("letters:embed", args=[letter.slug, lang])
    partner = selectors.letter_partner(letter, request.GET.get("via", ""))
    response = redirect(f"{url}?{urlencode({'via': partner.code})}" if partner else url)
    response["Vary"] = "Accept-Language"
    return _framed_by(response, letter)


@xframe_options_exempt
@csrf_exempt
@require_http_methods(["GET", "POST"])
def embed(request, slug, lang):
    """The sign-on form and the count for partners' sites: no JavaScript, nothing more
    than the public page shows, framed only by the letter's listed sites."""
    letter, lang, unwritten = _letter_in(slug, lang)
    if unwritten:
        return _framed_by(redirect("letters:embed", slug=letter.slug,
                                   lang=letter.source_lang), letter)
    partner = selectors.letter_partner(letter, request.POST.get("via")
                                       or request.GET.get("via", ""))
    with translation.override(lang):
        form = SignOnForm(request.POST or None, lang=lang, partner=partner)
        status = 200
        if request.method == "POST":
            if not _same_origin(request):
                return _framed_by(render(request, "letters/token_error.html", {
                    "message": _("This form can only be sent from its own page.")},
                    status=403), letter)
            accepted, status = _sign(request, letter, lang, form)
            if accepted:
                return _framed_by(redirect("letters:embed-thanks", slug=letter.slug,
                                           lang=lang), letter)
        return _framed_by(render(request, "letters/embed.html", {
            "letter": letter, "lang": lang, "tr": selectors.letter_translation(letter, lang),
            "form": form, "is_open": letter.status == LetterStatus.OPEN,
            "count": selectors.letter_public_count(letter),
        }, status=status), letter)


@xframe_options_exempt
def embed_thanks(request, slug, lang):
    letter, lang, _unwritten = _letter_in(slug, lang)
    with translation.override(lang):
        return _framed_by(render(request, "letters/embed_thanks.html", {
            "letter": letter, "lang": lang, "tr": selectors.letter_translation(letter, lang),
        }), letter)


@require_http_methods(["GET", "HEAD"])
def badge(request, slug):
    """An SVG badge with the live count of signatories (named and anonymous: the number the
    public page adds up to), for partners' sites; cached for a minute."""
    letter = _public_letter(slug)
    lang = selectors.pick_language(letter, request.GET.get("lang", "")
                                   or request.headers.get("Accept-Language", ""))
    with translation.override(lang):
        response = render(request, "letters/badge.svg", {
            "count": selectors.letter_public_count(letter), "lang": lang},
            content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def suggest(request, slug, lang):
    """"Is this you?" while the name is typed (htmx): public registry organisations only,
    and a note when a similar name already signed this letter publicly."""
    letter = _public_letter(slug)
    if not _offered(letter, lang):
        raise Http404
    name = clean_line(request.GET.get("name", ""))[:300]
    if not ratelimit.allow("suggest", ratelimit.client_ip(request), limit=300, window=60):
        return render(request, "letters/_suggestions.html", {"suggestions": []})
    with translation.override(lang):
        suggestions = selectors.organization_suggestions(name)
        signed_here = selectors.public_signatures_near(letter, name)
        return render(request, "letters/_suggestions.html",
                      {"suggestions": suggestions, "signed_here": signed_here})


def thanks(request, slug, lang):
    letter = _public_letter(slug)
    if not _offered(letter, lang):
        raise Http404
    with translation.override(lang):
        return render(request, "letters/thanks.html", {
            "letter": letter, "lang": lang, "tr": selectors.letter_translation(letter, lang),
        })


def _token_error(request, exc: TokenError, lang: str | None = None):
    messages_by_kind = {
        "expired": _("This link has expired. Please sign again to get a new one."),
        "used": _("This link has already been used."),
        "invalid": _("This link is not valid. Please copy the whole link from the email."),
    }
    return render(request, "letters/token_error.html",
                  {"message": messages_by_kind.get(exc.kind, messages_by_kind["invalid"])},
                  status=410 if exc.kind in ("expired", "used") else 400)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only its POST confirms (mail scanners open links by themselves)."""
    try:
        target = services.confirmation_lookup(token)
    except TokenError as exc:
        return _token_error(request, exc)
    with translation.override(target.lang):
        if target.already_done:  # a second click on the emailed link
            return render(request, "letters/confirmed.html", {"target": target, "again": True})
        if request.method == "POST":
            try:
                target = services.signature_confirm(token=token)
            except TokenError as exc:
                return _token_error(request, exc)
            return render(request, "letters/confirmed.html", {"target": target})
        return render(request, "letters/confirm.html", {"target": target})


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    try:
        target = services.withdrawal_lookup(token)
    except TokenError as exc:
        return _token_error(request, exc)
    with translation.override(target.lang):
        if request.method == "POST":
            target, done = services.signature_withdraw(token=token)
            return render(request, "letters/withdrawn.html", {"target": target, "done": done})
        return render(request, "letters/withdraw.html", {"target": target})

