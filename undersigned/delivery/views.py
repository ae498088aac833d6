"""The delivery pages: the recipient directory, a letter's deliveries (choose, preview,
send), and a delivery's per-state statuses with a form to feed back a reply or a bounce.
Every page reaches its objects through ``permissions``; views parse, call, render."""

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from undersigned.delivery import selectors, services
from undersigned.delivery.forms import DeliveryForm, ImportForm, InboundForm, RecipientForm
from undersigned.delivery.permissions import (
    access_delivery,
    access_recipient,
    may_edit_directory,
)
from undersigned.letters import permissions as perms


@login_required
def directory(request):
    services.recipients_ensure(actor=request.user)
    return render(request, "delivery/directory.html", {
        "rows": selectors.directory(), "counts": selectors.directory_counts(),
        "can_edit": may_edit_directory(request.user)})


@login_required
def recipient_edit(request, code):
    recipient = access_recipient(request.user, code, edit=True)
    form = RecipientForm(request.POST or None, initial={
        "language": recipient.language, "geneva_email": recipient.geneva_email,
        "new_york_email": recipient.new_york_email, "notes": recipient.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_update(recipient=recipient, actor=request.user,
                                      **form.cleaned_data)
        except services.DeliveryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("delivery:directory")
    return render(request, "delivery/recipient.html", {"recipient": recipient, "form": form},
                  status=400 if form.errors else 200)


def _fingerprint(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


@login_required
def directory_import(request):
    if not may_edit_directory(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    report = text = None
    if request.method == "POST" and form.is_valid():
        text = request.POST.get("previewed_text") if request.POST.get("confirm") else None
        text = _normal(text) if text is not None else None
        if text is not None and request.POST.get("fingerprint") == _fingerprint(text):
            report = services.recipients_import(text=text, actor=request.user)
            messages.success(request, _("%(n)d states updated.") % {"n": report.changed})
            for error in report.errors:
                messages.warning(request, error)
            return redirect("delivery:directory")
        text = _normal(form.csv_text())
        report = services.recipients_parse(text)
    return render(request, "delivery/import.html", {
        "form": form, "report": report, "text": text,
        "fingerprint": _fingerprint(text) if text is not None else ""})


@login_required
def letter_deliveries(request, slug):
    letter = perms.access_letter(request.user, slug, perms.VIEW)
    return render(request, "delivery/deliveries.html", {
        "letter": letter, "deliveries": selectors.letter_deliveries(letter),
        "can_send": perms.PUBLISH in perms.letter_permissions(request.user, letter)})


@login_required
def delivery_new(request, slug):
    letter = perms.access_letter(request.user, slug, perms.PUBLISH)
    if not letter.editions.exists():
        messages.error(request, _("Publish an edition of the letter before delivering it."))
        return redirect("delivery:letter", slug=letter.slug)
    services.recipients_ensure(actor=request.user)
    form = DeliveryForm(request.POST or None, letter=letter)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = data["campaign"]
        ask_id = int(data["ask"]) if data["ask"] else None
        if data["kind"] == "not_committed" and ask_id is not None:
            campaign = next((c for c in letter.campaigns.all()
                             if c.asks.filter(pk=ask_id).exists()), campaign)
        states, unresolved = selectors.selection_states(
            kind=data["kind"], today=timezone.localdate(), group=data["group"],
            campaign=campaign, ask_id=ask_id, text=data["states"])
        choice = {"edition": data["edition"].pk, "office": data["office"], "states": states,
                  "reply_to": data["reply_to"], "campaign": campaign.pk if campaign else None}
        if request.POST.get("send") and request.POST.get("fingerprint") == _fingerprint(choice):
            try:
                delivery = services.delivery_create(
                    letter=letter, edition=data["edition"], states=states,
                    office=data["office"], reply_to=data["reply_to"], campaign=campaign,
                    selection={"kind": data["kind"], "group": data["group"], "ask": ask_id},
                    actor=request.user)
            except services.DeliveryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The delivery is queued: %(n)d messages.")
                                 % {"n": len(delivery.states)})
                return redirect("delivery:detail", public_id=delivery.public_id)
        if not states:
            form.add_error(None, _("No state was chosen."))
        else:
            preview = selectors.delivery_preview(edition=data["edition"], states=states,
                                                 office=data["office"])
            preview["fingerprint"] = _fingerprint(choice)
            preview["unresolved"] = unresolved
    return render(request, "delivery/new.html", {"letter": letter, "form": form,
                                                 "preview": preview},
                  status=400 if form.errors else 200)


@login_required
def delivery_detail(request, public_id):
    delivery = access_delivery(request.user, public_id, perms.VIEW)
    can_send = perms.PUBLISH in perms.letter_permissions(request.user, delivery.letter)
    return render(request, "delivery/detail.html", {
        "delivery": delivery, "letter": delivery.letter,
        "data": selectors.delivery_statuses(delivery), "inbound_form": InboundForm(),
        "can_send": can_send})


@login_required
@require_POST
def delivery_inbound(request, public_id):
    delivery = access_delivery(request.user, public_id, perms.PUBLISH)
    form = InboundForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a mail file (.eml) to read."))
        return redirect("delivery:detail", public_id=delivery.public_id)
    raw = form.cleaned_data["file"].read(10_000_000)
    result = services.inbound_record(raw=raw, actor=request.user, only_delivery=delivery)
    if result.kind == "reply":
        messages.success(request, _("Reply recorded for %(state)s.") % {"state": result.state_code})
    elif result.kind == "bounce":
        messages.success(request, _("Bounce recorded for %(state)s.") % {"state": result.state_code})
    elif result.kind == "seen":
        messages.info(request, _("That mail was already read."))
    else:
        messages.warning(request, _("That mail answers none of the delivered messages."))
    return redirect("delivery:detail", public_id=delivery.public_id)
