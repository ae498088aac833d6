"""Public edition pages and downloads. Editions never change, so their renderings are
cached (Django's cache) under the edition's id."""

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from undersigned.core import receipts
from undersigned.letters.models import Letter, LetterStatus
from undersigned.letters.selectors import letter_title
from undersigned.publishing.document import LAYOUTS
from undersigned.publishing.models import Edition
from undersigned.publishing.renderers import FORMATS, render_bytes
from undersigned.publishing.renderers.pdf import FontsMissing
from undersigned.publishing.selectors import (
    edition_document,
    edition_languages,
    edition_list_html,
    edition_render,
    verification_of,
)
from undersigned.publishing.services import edition_file_record, edition_pdf_stored

CACHE_SECONDS = 24 * 3600
_LIST_MARK = "<!--undersigned:edition-list-->"


def _published_letter(slug: str) -> Letter:
    return get_object_or_404(Letter, slug=slug, status__in=[
        LetterStatus.OPEN, LetterStatus.CLOSED, LetterStatus.PUBLISHED])


def _edition(slug: str, number: int, lang: str) -> Edition:
    letter = _published_letter(slug)
    # What changed is read only when shown (a first edition's "added" lists every name).
    edition = get_object_or_404(Edition.objects.select_related("letter").defer("changes"),
                                letter=letter, number=number)
    if lang not in edition_languages(edition):
        raise Http404
    return edition


def edition_list(request, slug):
    letter = _published_letter(slug)
    editions = [(e, edition_languages(e)) for e in letter.editions.select_related("letter")
                .order_by("-number")]
    return render(request, "publishing/editions.html", {"letter": letter, "editions": editions})


def edition_page(request, slug, number, lang):
    layout = request.GET.get("layout", "both")
    layout = layout if layout in LAYOUTS else "both"
    # Editions never change and a published letter never goes back to draft, so the page
    # is looked up by its address before any database work.
    key = f"edition-page:{slug}:{number}:{lang}:{layout}"
    body = cache.get(key)
    if body is None:
        edition = _edition(slug, number, lang)
        with translation.override(lang):
            # The list was rendered once at publication; an edition published before
            # that existed (or whose render is not done yet) is rendered here.
            list_html = edition_render(edition, lang, layout)
            doc = edition_document(edition, lang, layout=layout,
                                   with_entries=list_html is None)
            if list_html is None:
                list_html = edition_list_html(doc)
            # The page is rendered around a marker and the list (10,000 names are a
            # megabyte) joined in as bytes, never copied through the template engine.
            page = render_to_string("publishing/edition.html", {
                "letter": edition.letter, "edition": edition, "doc": doc, "lang": lang,
                "list_html": mark_safe(_LIST_MARK),  # noqa: S308 - a fixed marker
                "layout": layout, "formats": list(FORMATS), "languages": edition_languages(edition),
                "previous": edition.number - 1 if edition.number > 1 else None,
            }, request=None)
            head, tail = page.split(_LIST_MARK, 1)
            body = b"".join((head.encode(), list_html.encode(), tail.encode()))
        cache.set(key, body, CACHE_SECONDS)
    return HttpResponse(body)


def _ordering(request) -> tuple[bool, str | None]:
    """?sort=language makes a separate list sorted the way the language sorts;
    ?zh=stroke|pinyin chooses the Chinese order. Default: the source numbering."""
    per_language = request.GET.get("sort") == "language"
    zh = request.GET.get("zh")
    return per_language, zh if zh in ("stroke", "pinyin") else None


def _fonts_missing() -> HttpResponse:
    return HttpResponse(
        _("The PDF cannot be made on this server: its fonts are not installed. "
          "The other formats are available."),
        status=503, content_type="text/plain; charset=utf-8")


def edition_download(request, slug, number, lang, fmt):
    if fmt not in FORMATS:
        raise Http404
    edition = _edition(slug, number, lang)
    layout = request.GET.get("layout", "both")
    layout = layout if layout in LAYOUTS else "both"
    per_language, zh = _ordering(request)
    key = f"edition-file:{edition.public_id}:{lang}:{layout}:{fmt}:{per_language}:{zh}"
    data = cache.get(key)
    if data is None and fmt == "pdf" and (layout, per_language, zh) == ("both", False, None):
        # The PDF a delivery attaches: rendered once, kept in the shared storage.
        try:
            stored = edition_pdf_stored(edition, lang)
        except FontsMissing:
            return _fonts_missing()
        with default_storage.open(stored, "rb") as fh:
            data = fh.read()
    if data is None:
        with translation.override(lang):
            try:
                data = render_bytes(fmt, edition_document(
                    edition, lang, layout=layout, per_language_sort=per_language, zh_order=zh))
            except FontsMissing:
                return _fonts_missing()
        edition_file_record(edition=edition, lang=lang, fmt=fmt, data=data,
                            variant=f"{layout} {per_language} {zh or ''}".strip())
        cache.set(key, data, CACHE_SECONDS)
    _render, content_type, ext = FORMATS[fmt]
    response = HttpResponse(data, content_type=content_type)
    filename = f"{edition.letter.slug}-{edition.number}-{lang}{ext}"
    disposition = "inline" if fmt in ("html", "pdf", "text", "json") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if fmt == "html":  # the standalone page carries its own stylesheet inline
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")
    return response


MAX_VERIFY_UPLOAD = 30 * 1024 * 1024


@require_http_methods(["GET", "POST"])
def verify(request):
    """Anyone checks a copy of an edition (a file, or its digest) or a sign-on receipt."""
    result, receipt, problem = None, None, ""
    if request.method == "POST":
        text = request.POST.get("text", "")[:20_000]
        upload = request.FILES.get("file")
        if upload is not None and upload.size > MAX_VERIFY_UPLOAD:
            problem = _("This file is larger than any edition this server makes (30 MB).")
        elif upload is not None:
            result = verification_of(data=upload.read())
        elif receipts.HEADER in text or "." in text.strip():
            receipt = receipts.receipt_read(text)
            if receipt is None:
                problem = _("This is not a receipt this server signed, or it was changed.")
        else:
            result = verification_of(text=text)
    return render(request, "publishing/verify.html", {
        "result": result, "receipt": receipt, "problem": problem,
        "letter_title": _receipt_title(receipt)}, status=200)


def _receipt_title(receipt: dict | None) -> str:
    if not receipt:
        return ""
    letter = Letter.objects.filter(slug=receipt.get("letter", "")).first()
    return letter_title(letter, receipt.get("lang", "")) if letter else receipt.get("letter", "")


def verify_key(request):
    """The public key receipts are signed with (Ed25519, base64url of its 32 bytes)."""
    return HttpResponse(receipts.public_key_text() + "\n",
                        content_type="text/plain; charset=utf-8")
