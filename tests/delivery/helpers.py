"""A published letter in three languages with a campaign, and a directory with addresses:
what the delivery tests send."""

import mailbox
from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone

from tests.factories import make_letter, signon
from undersigned.advocacy import services as advocacy
from undersigned.advocacy.models import AskKind
from undersigned.advocacy.reference import member_states
from undersigned.delivery import services
from undersigned.letters import services as letters
from undersigned.letters.models import Signature
from undersigned.publishing.services import edition_publish


def published_letter(languages=("en", "fr", "es")):
    letter = make_letter(languages=languages)
    for name in ("Civic Space Watch", "Centre for Defenders", "Réseau des Défenseurs"):
        letters.signature_submit(letter=letter, lang="en", data=signon(name=name),
                                 verified=True)
    for sig in Signature.objects.filter(letter=letter):
        letters.signature_approve(signature=sig, actor=None)
    edition, _created = edition_publish(letter=letter)
    campaign = advocacy.campaign_create(
        name="Renew the mandate", slug=None, letter=letter, resolution=None,
        asks=[("engage in the negotiations", AskKind.ENGAGE),
              ("co-sponsor the resolution", AskKind.COSPONSOR)])
    return letter, edition, campaign


def mission_address(iso3: str) -> str:
    return f"mission.{iso3.lower()}@missions.example"


def fill_directory(refused=("ZWE",)) -> list[str]:
    """Geneva addresses for the 193 member states, imported from a CSV (names for half the
    states, ISO codes for the others); the states in ``refused`` get an address the test
    SMTP server refuses. Returns the member states' codes."""
    codes = [s.iso3 for s in member_states()]
    lines = ["State;Geneva email;Notes"]
    for n, state in enumerate(member_states()):
        address = mission_address(state.iso3)
        if state.iso3 in refused:
            address = "nobody." + address
        lines.append(f"{state.name if n % 2 else state.iso3};{address};test directory")
    report = services.recipients_import(text="\n".join(lines) + "\n")
    assert report.errors == [], report.errors
    assert report.changed == len(codes)
    return codes


def dsn(original_id: str, recipient: str) -> bytes:
    """An RFC 3464 delivery status notification, as a receiving server sends one (written
    out by hand: the email package has no writer for message/delivery-status)."""
    boundary = "==dsn-boundary=="
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.missions.example>\n"
        "To: noreply@undersigned.example\nSubject: Undelivered Mail Returned to Sender\n"
        f"Message-ID: <dsn.{recipient}@mx.missions.example>\n"
        f"Date: {format_datetime(timezone.now())}\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\n'
        f"\n--{boundary}\nContent-Type: text/plain; charset=us-ascii\n\n"
        "This is the mail system at host mx.missions.example.\n\n"
        "I'm sorry to have to inform you that your message could not be delivered.\n\n"
        f"--{boundary}\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.missions.example\n\n"
        f"Final-Recipient: rfc822; {recipient}\nOriginal-Recipient: rfc822; {recipient}\n"
        "Action: failed\nStatus: 5.1.1\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected\n\n"
        f"--{boundary}\nContent-Type: text/rfc822-headers\n\n"
        f"Message-ID: {original_id}\nTo: {recipient}\nSubject: Joint letter\n\n"
        f"--{boundary}--\n").encode()


def reply(original_id: str, sender: str, text: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Human rights attaché <{sender}>"
    msg["To"] = "coalition@example.org"
    msg["Subject"] = "Re: Joint letter"
    msg["Message-ID"] = f"<reply.{sender}@missions.example>"
    msg["In-Reply-To"] = original_id
    msg["References"] = original_id
    msg["Date"] = format_datetime(timezone.now())
    msg.set_content(f"{text}\n\nOn Monday the coalition wrote:\n> Excellency,\n> the letter\n")
    return msg.as_bytes()


def to_maildir(path, *mails: bytes) -> None:
    box = mailbox.Maildir(path, create=True)
    for raw in mails:
        box.add(raw)
