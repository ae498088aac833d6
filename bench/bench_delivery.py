"""A delivery of a published letter (three languages, 150 signatories) to the 193 member
states' missions, each message with the edition's PDF in its language, through an SMTP
server on loopback (aiosmtpd, in this process): the mail merge (PDFs rendered once per
language), then the sending by one worker and by two, in messages per second. Every message
must arrive, once; any other outcome fails the benchmark.

    python bench/bench_delivery.py
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PY = sys.executable

from tests import smtp  # noqa: E402

SETUP = """
import django; django.setup()
from undersigned.advocacy.reference import member_states
from undersigned.delivery import services
from undersigned.letters import services as letters
from undersigned.letters.models import Signature
from undersigned.publishing.services import edition_publish
letter = letters.letter_create(slug="bench", source_lang="en", languages=["en", "fr", "es"],
                               title="Renew the mandate", body_md="We, the undersigned...\\n\\n" * 8,
                               asks=["co-sponsor the resolution", "vote against amendments"])
for lang, title in (("fr", "Renouveler le mandat"), ("es", "Renovar el mandato")):
    letters.translation_save(letter=letter, lang=lang, title=title, body_md="Texte. " * 200)
letter = letters.letter_open(letter=letter)
for n in range(150):
    letters.signature_submit(letter=letter, lang="en", verified=True, data=letters.SignOn(
        name=f"Human Rights Network Number {n}", contact_name="c", contact_email=f"c{n}@x.example"))
for sig in Signature.objects.filter(letter=letter):
    letters.signature_approve(signature=sig, actor=None)
edition, _ = edition_publish(letter=letter)
lines = ["state,geneva"] + [f"{s.iso3},mission.{s.iso3.lower()}@missions.example"
                            for s in member_states()]
services.recipients_import(text="\\n".join(lines))
delivery = services.delivery_create(letter=letter, edition=edition,
                                    states=[s.iso3 for s in member_states()], office="geneva",
                                    reply_to="coalition@example.org")
print(delivery.pk)
"""

MERGE = """
import django, time; django.setup()
from undersigned.delivery.services import delivery_merge
from undersigned.publishing.services import edition_prerender
from undersigned.publishing.models import Edition
t = time.perf_counter(); edition_prerender(edition_id=Edition.objects.get().pk, pdfs=True)
r = time.perf_counter() - t
t = time.perf_counter(); n = delivery_merge(delivery_id=DELIVERY)
print(r, time.perf_counter() - t, n)
"""

STATE = """
import django; django.setup()
from collections import Counter
from undersigned.outbox.models import Message
print(dict(Counter(Message.objects.filter(kind="delivery").values_list("state", flat=True))))
"""


def run_once(workers: int) -> dict:
    controller, server = smtp.start()
    tmp = Path(tempfile.mkdtemp(prefix="undersigned-bench-delivery-"))
    env = {**os.environ, "UNDERSIGNED_VAR": str(tmp), "DATABASE_URL": "",
           "DJANGO_SETTINGS_MODULE": "undersigned.settings", "EMAIL_ECHO": "0",
           "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}", "PYTHONPATH": str(REPO)}
    try:
        subprocess.run([PY, "-m", "undersigned.cli", "migrate", "-v0"], env=env, cwd=REPO,
                       check=True)
        delivery = subprocess.run([PY, "-c", SETUP], env=env, cwd=REPO, check=True,
                                  capture_output=True, text=True).stdout.split()[-1]
        rendered, merged, count = subprocess.run(
            [PY, "-c", MERGE.replace("DELIVERY", delivery)], env=env, cwd=REPO, check=True,
            capture_output=True, text=True).stdout.split()
        t0 = time.perf_counter()
        procs = [subprocess.Popen([PY, "-m", "undersigned.cli", "worker", "--batch", "-v0"],
                                  env=env, cwd=REPO) for _ in range(workers)]
        for proc in procs:
            proc.wait()
        seconds = time.perf_counter() - t0
        states = subprocess.run([PY, "-c", STATE], env=env, cwd=REPO, check=True,
                                capture_output=True, text=True).stdout.strip()
        ids = server.message_ids()
        span = (server.times[-1] - server.times[0]) if len(server.times) > 1 else 0.0
        sizes = [len(m.as_bytes()) for _r, m in server.received]
    finally:
        controller.stop()
    return {"workers": workers, "render": float(rendered), "merge": float(merged),
            "count": int(count), "seconds": seconds, "received": len(ids),
            "distinct": len(set(ids)), "states": states, "span": span,
            "size_kib": (sum(sizes) / len(sizes) / 1024) if sizes else 0.0}


def main() -> None:
    print(f"delivery to 193 missions with PDF attachments, loopback SMTP "
          f"(load average {os.getloadavg()[0]:.2f})")
    failed = []
    for workers in (1, 2):
        r = run_once(workers)
        errors = (193 - r["distinct"]) + (r["received"] - r["distinct"])
        rate = (r["received"] - 1) / r["span"] if r["span"] else 0.0
        print(f"  {workers} worker(s): {r['received']} messages, {rate:.1f} messages/s from the "
              f"first to the last ({r['span']:.1f} s; {r['seconds']:.1f} s with the workers' "
              f"start), {r['size_kib']:.0f} KiB each; errors {errors}  outbox {r['states']}")
        print(f"  {'':<11} renders at publication {r['render']:.1f} s (page lists and 3 PDFs), "
              f"mail merge {r['merge']:.2f} s for {r['count']} messages")
        if errors:
            failed.append(workers)
    print(f"  load average after: {os.getloadavg()[0]:.2f}")
    if failed:
        print(f"  FAILED: messages lost or doubled with {failed} worker(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
