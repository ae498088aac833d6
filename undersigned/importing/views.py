"""Coordinator pages for imports: upload or paste, see what was understood and what looks
wrong, then confirm. Nothing is written before the confirmation; a sheet's preview and its
result name every row with its outcome, downloadable as CSV."""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from undersigned.importing import uploads
from undersigned.importing.errors import ImportProblem
from undersigned.importing.letter_parser import parse_letter
from undersigned.importing.readers import ACCEPTED as LETTER_FORMATS
from undersigned.importing.readers import read_letter_file
from undersigned.importing.selectors import (
    RowOutcome,
    outcome_counts,
    outcomes_csv,
    signons_plan,
)
from undersigned.importing.services import ImportRefused, letter_import, signons_import
from undersigned.importing.sheets import ACCEPTED as SHEET_FORMATS
from undersigned.importing.sheets import FIELDS, MappingNeeded, read_signon_sheet
from undersigned.letters import permissions as perms


class LetterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.txt, .md, .html, .docx)"), required=False)
    text = forms.CharField(label=gettext_lazy("…or paste the letter"), required=False,
                           max_length=5_000_000, widget=forms.Textarea(attrs={"rows": 10}))
    lang = forms.CharField(label=gettext_lazy("Language (BCP 47, optional)"), required=False,
                           max_length=20)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the text."))
        upload = data.get("file")
        if upload is not None and upload.size > uploads.MAX_UPLOAD:
            raise forms.ValidationError(
                _("%(name)s is over 50 MB. This page accepts %(formats)s.")
                % {"name": upload.name, "formats": LETTER_FORMATS})
        return data


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Sheet (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > uploads.MAX_UPLOAD:
            raise forms.ValidationError(
                _("%(name)s is over 50 MB. This page accepts %(formats)s.")
                % {"name": upload.name, "formats": SHEET_FORMATS})
        return upload


def _stored_letter_text(form) -> tuple[str, str]:
    """(token, name) of the stored upload or pasted text."""
    upload = form.cleaned_data.get("file")
    if upload is not None:
        return uploads.store(upload.read(), Path(upload.name).suffix), upload.name
    return uploads.store(form.cleaned_data["text"].encode("utf-8"), ".txt"), "pasted.txt"


@login_required
def import_letter(request):
    form = LetterUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "letters": [
        letter for letter in perms.letters_for_user(request.user).exclude(status="draft")
        if perms.MODERATE in perms.letter_permissions(request.user, letter)]}
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.POST.get("token", "")
        path = uploads.path_for(token)
        if path is None:
            messages.error(request, _("That upload is no longer here; please upload it again."))
            return redirect("importing:letter")
        target = None
        if request.POST.get("letter"):
            target = perms.access_letter(request.user, request.POST["letter"], perms.MODERATE)
        name = request.POST.get("name") or path.name
        try:
            parsed = parse_letter(read_letter_file(path, display_name=name),
                                  lang=request.POST.get("lang") or None)
            report = letter_import(parsed=parsed, source_name=name, letter=target,
                                   actor=request.user)
        except (ImportProblem, ImportRefused) as exc:
            messages.error(request, str(exc))
            return redirect("importing:letter")
        uploads.discard(token)
        messages.success(request, _("%(added)d signatories added (%(there)d were already there).")
                         % {"added": report.signatures_added, "there": report.already_there})
        return redirect("letters:manage-letter", slug=report.letter.slug)
    if request.method == "POST" and form.is_valid():
        token, name = _stored_letter_text(form)
        try:
            parsed = parse_letter(read_letter_file(uploads.path_for(token), display_name=name),
                                  lang=form.cleaned_data["lang"] or None)
        except ImportProblem as exc:
            uploads.discard(token)
            form.add_error(None, str(exc))
        else:
            flagged = {n for a in parsed["anomalies"] for n in a.get("numbers") or []}
            context.update(parsed=parsed, token=token, name=name, flagged=flagged,
                           lang=form.cleaned_data["lang"], layout=parsed["layout"])
    return render(request, "importing/letter.html", context)


def _publish_choice(request) -> bool | None:
    value = request.POST.get("publish_default", "")
    return {"name": True, "count": False}.get(value)


def _sheet_mapping(request) -> dict | None:
    headers = request.POST.getlist("header")
    fields = request.POST.getlist("field")
    mapping = {h: (f or None) for h, f in zip(headers, fields, strict=False)}
    return mapping or None


@login_required
def import_signons(request, slug):
    letter = perms.access_letter(request.user, slug, perms.MODERATE)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    context = {"letter": letter, "form": form, "fields": FIELDS, "formats": SHEET_FORMATS}
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        path = uploads.path_for(token)
        if path is None:
            messages.error(request, _("That upload is no longer here; please upload it again."))
            return redirect("importing:signons", slug=letter.slug)
        name = request.POST.get("name") or path.name
        verified = bool(request.POST.get("verified"))
        publish_default = _publish_choice(request)
        try:
            result = read_signon_sheet(path, mapping=_sheet_mapping(request),
                                       display_name=name, publish_default=publish_default)
        except MappingNeeded as exc:
            context.update(token=token, need_mapping=exc.headers, name=name)
            return render(request, "importing/signons.html", context)
        except ImportProblem as exc:
            messages.error(request, str(exc))
            return redirect("importing:signons", slug=letter.slug)
        confirm = request.POST.get("confirm") and not request.POST.get("reread") \
            and not request.POST.get("download")
        if confirm:
            if result.needs_publish_choice:
                messages.error(request, _("This sheet has no 'publish our name' column: choose "
                                          "whether its organisations are listed by name or "
                                          "only counted, then import."))
            else:
                try:
                    report = signons_import(letter=letter, rows=result.rows,
                                            rejected=result.rejected, source_name=name,
                                            verified=verified, actor=request.user)
                except ImportRefused as exc:
                    messages.error(request, str(exc))
                    return redirect("importing:signons", slug=letter.slug)
                uploads.discard(token)
                record = uploads.store_record({
                    "letter": letter.slug, "user": request.user.pk, "name": name,
                    "outcomes": [o.as_dict() for o in report.outcomes]})
                return redirect("importing:done", slug=letter.slug, record=record)
        plan = signons_plan(letter=letter, rows=result.rows, rejected=result.rejected,
                            verified=verified)
        if request.POST.get("download"):
            return _csv_response(outcomes_csv(plan), f"{Path(name).stem}-preview.csv")
        context.update(_sheet_preview(result, plan, token, name, verified, publish_default))
        return render(request, "importing/signons.html", context)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = uploads.store(upload.read(), Path(upload.name).suffix)
        try:
            result = read_signon_sheet(uploads.path_for(token), display_name=upload.name)
        except MappingNeeded as exc:
            context.update(token=token, need_mapping=exc.headers, name=upload.name)
        except ImportProblem as exc:
            uploads.discard(token)
            form.add_error(None, str(exc))
        else:
            plan = signons_plan(letter=letter, rows=result.rows, rejected=result.rejected,
                                verified=False)
            context.update(_sheet_preview(result, plan, token, upload.name, False, None))
    return render(request, "importing/signons.html", context)


def _sheet_preview(result, plan, token, name, verified, publish_default) -> dict:
    by_row = {r["row"]: r for r in result.rows}
    columns = [(h, result.mapping.get(h) or "") for h in result.headers]
    return {"result": result, "token": token, "name": name, "columns": columns,
            "mapping": list(result.mapping.items()), "outcomes": plan,
            "counts": outcome_counts(plan), "verified": verified, "by_row": by_row,
            "publish_default": {True: "name", False: "count"}.get(publish_default, "")}


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "outcomes.csv"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def _record(request, slug, record):
    letter = perms.access_letter(request.user, slug, perms.MODERATE)
    data = uploads.load_record(record)
    if data is None or data.get("letter") != letter.slug or data.get("user") != request.user.pk:
        raise Http404
    return letter, data, [RowOutcome(**o) for o in data["outcomes"]]


@login_required
def import_done(request, slug, record):
    """What a finished sheet import did with every row (kept for a day)."""
    letter, data, outcomes = _record(request, slug, record)
    return render(request, "importing/signons_done.html", {
        "letter": letter, "outcomes": outcomes, "name": data["name"], "record": record,
        "counts": outcome_counts(outcomes)})


@login_required
def import_outcomes(request, slug, record):
    """The outcomes of a finished sheet import as CSV (kept for a day)."""
    _letter, data, outcomes = _record(request, slug, record)
    return _csv_response(outcomes_csv(outcomes), f"{Path(data['name']).stem}-outcomes.csv")
