"""Coordinator pages for imports: upload or paste, see what was understood and what looks
wrong, then confirm. Nothing is written before the confirmation."""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from undersigned.importing import uploads
from undersigned.importing.errors import ImportProblem
from undersigned.importing.letter_parser import parse_letter
from undersigned.importing.readers import read_letter_file
from undersigned.importing.services import ImportRefused, letter_import, signons_import
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
            raise forms.ValidationError(_("The file is over 50 MB."))
        return data


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Sheet (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > uploads.MAX_UPLOAD:
            raise forms.ValidationError(_("The file is over 50 MB."))
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
        try:
            parsed = parse_letter(read_letter_file(path), lang=request.POST.get("lang") or None)
            report = letter_import(parsed=parsed, source_name=request.POST.get("name", path.name),
                                   letter=target, actor=request.user)
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
            parsed = parse_letter(read_letter_file(uploads.path_for(token)),
                                  lang=form.cleaned_data["lang"] or None)
        except ImportProblem as exc:
            uploads.discard(token)
            form.add_error(None, str(exc))
        else:
            flagged = {n for a in parsed["anomalies"] for n in a.get("numbers") or []}
            context.update(parsed=parsed, token=token, name=name, flagged=flagged,
                           lang=form.cleaned_data["lang"])
    return render(request, "importing/letter.html", context)


@login_required
def import_signons(request, slug):
    letter = perms.access_letter(request.user, slug, perms.MODERATE)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    context = {"letter": letter, "form": form, "fields": FIELDS}
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        path = uploads.path_for(token)
        if path is None:
            messages.error(request, _("That upload is no longer here; please upload it again."))
            return redirect("importing:signons", slug=letter.slug)
        mapping = {h: (f or None) for h, f in zip(request.POST.getlist("header"),
                                                   request.POST.getlist("field"), strict=False)}
        try:
            result = read_signon_sheet(path, mapping=mapping or None)
        except MappingNeeded as exc:
            context.update(token=token, need_mapping=exc.headers, name=request.POST.get("name"))
            return render(request, "importing/signons.html", context)
        except ImportProblem as exc:
            messages.error(request, str(exc))
            return redirect("importing:signons", slug=letter.slug)
        if request.POST.get("confirm"):
            try:
                report = signons_import(letter=letter, rows=result.rows,
                                        source_name=request.POST.get("name", path.name),
                                        verified=bool(request.POST.get("verified")),
                                        actor=request.user)
            except ImportRefused as exc:
                messages.error(request, str(exc))
                return redirect("importing:signons", slug=letter.slug)
            uploads.discard(token)
            messages.success(request, _("%(added)d sign-ons added (%(there)d were already "
                                        "there, %(skipped)d skipped).")
                             % {"added": report.signatures_added,
                                "there": report.already_there,
                                "skipped": len(report.skipped)})
            return redirect("letters:manage-signatures", slug=letter.slug)
        context.update(result=result, token=token, name=request.POST.get("name"),
                       mapping=list(result.mapping.items()))
        return render(request, "importing/signons.html", context)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = uploads.store(upload.read(), Path(upload.name).suffix)
        try:
            result = read_signon_sheet(uploads.path_for(token))
        except MappingNeeded as exc:
            context.update(token=token, need_mapping=exc.headers, name=upload.name)
        except ImportProblem as exc:
            uploads.discard(token)
            form.add_error(None, str(exc))
        else:
            context.update(result=result, token=token, name=upload.name,
                           mapping=list(result.mapping.items()))
    return render(request, "importing/signons.html", context)
