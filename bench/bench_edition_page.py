"""The public page of an edition with 10,000 bilingual signatories, served by gunicorn on
loopback: requests per second and p99, with the cache (editions never change) and without,
and in the same run the bare engine (the renderer alone, in process) on the same list.

    python bench/bench_edition_page.py [--entries 10000] [--seconds 8]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadgen  # noqa: E402
from bench_signon import PY, REPO, free_port  # noqa: E402

SETUP = """
import django, sys
django.setup()
from django.db import transaction
from undersigned.letters import services
from undersigned.letters.models import Signature, SignatureState
from undersigned.orgs.models import Organization, OrganizationName
from undersigned.publishing.services import edition_publish
n = int(sys.argv[1])
letter = services.letter_create(slug="bench", source_lang="en", languages=["en", "zh-hant"],
                                title="Bench letter", body_md="Text.\\n\\nMore text.")
services.translation_save(letter=letter, lang="zh-hant", title="測試", body_md="內容")
letter = services.letter_open(letter=letter)
with transaction.atomic():
    orgs = Organization.objects.bulk_create([
        Organization(primary_name=f"Organisation for Civic Space {i}",
                     normalized_name=f"organisation for civic space {i}") for i in range(n)])
    OrganizationName.objects.bulk_create(
        [OrganizationName(organization=o, text=o.primary_name, normalized=o.normalized_name,
                          lang="en", is_primary=True) for o in orgs]
        + [OrganizationName(organization=o, text=f"公民空間組織{i}", normalized=f"公民空間組織{i}",
                            lang="zh-hant") for i, o in enumerate(orgs)])
    Signature.objects.bulk_create([
        Signature(letter=letter, organization=o, name=o.primary_name, contact_name="",
                  contact_email="", state=SignatureState.APPROVED) for o in orgs])
edition, _ = edition_publish(letter=letter)
print(edition.number)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="undersigned-bench-page-"))
    env = {**os.environ, "UNDERSIGNED_VAR": str(tmp), "DATABASE_URL": "",
           "DJANGO_SETTINGS_MODULE": "undersigned.settings"}
    subprocess.run([PY, "-m", "undersigned.cli", "migrate", "-v0"], env=env, cwd=REPO, check=True)
    subprocess.run([PY, "-c", SETUP, str(args.entries)], env=env, cwd=REPO, check=True)
    t0 = time.perf_counter()  # what publication leaves to the worker: the lists, the PDFs
    subprocess.run([PY, "-m", "undersigned.cli", "worker", "--batch", "-v0"], env=env, cwd=REPO,
                   check=True)
    print(f"  renders at publication (worker: page lists in 2 languages x 3 layouts): "
          f"{time.perf_counter() - t0:.1f} s")
    path = "/bench/edition/1/zh-hant/"
    print(f"edition page, {args.entries} bilingual signatories, {args.connections} connections")
    serve_and_measure(env, path, seconds=args.seconds, connections=args.connections)
    floor = bare_engine(env, args.entries)
    print(f"  bare engine (the page rendered on demand, list included, in process): "
          f"{floor * 1000:.1f} ms per render = {1 / floor:.1f} renders/s on one core")


def serve_and_measure(env: dict, path: str, *, seconds: int, connections: int,
                      workers: int = 2) -> None:
    """GET ``path`` through gunicorn on loopback with the cache on, then off; print the
    requests per second and latencies (every worker warmed before the cached run)."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    for label, cache_backend in (("cached", "django.core.cache.backends.locmem.LocMemCache"),
                                 ("uncached", "django.core.cache.backends.dummy.DummyCache")):
        port = free_port()
        server = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "undersigned.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
            env={**env, "CACHE_BACKEND": cache_backend}, cwd=REPO)
        url = f"http://127.0.0.1:{port}{path}"
        try:
            for _ in range(150):
                try:
                    urllib.request.urlopen(url, timeout=30)  # noqa: S310 - loopback
                    break
                except OSError:
                    time.sleep(0.2)
            with ThreadPoolExecutor(8) as pool:  # parallel requests reach every worker
                list(pool.map(lambda _i, url=url: urllib.request.urlopen(  # noqa: S310
                    url, timeout=120).read(), range(16)))
            stats = loadgen.run(f"http://127.0.0.1:{port}", path, kind="get", seconds=seconds,
                                connections=connections)
            # One connection: the time one request takes, without queueing behind others.
            single = loadgen.run(f"http://127.0.0.1:{port}", path, kind="get",
                                 seconds=max(2, seconds // 2), connections=1)
        finally:
            server.terminate()
            server.wait(timeout=10)
        print(f"  {label:<9} {loadgen.fmt(stats)}  load average {os.getloadavg()[0]:.2f}")
        print(f"  {label:<9} {loadgen.fmt(single)}  one connection")
        loadgen.require_clean(stats, f"GET {path} {label}")
        loadgen.require_clean(single, f"GET {path} {label}, one connection")


def bare_engine(env, entries) -> float:
    code = (
        "import django, time; django.setup()\n"
        "from django.template.loader import render_to_string\n"
        "from undersigned.publishing.models import Edition\n"
        "from django.utils.safestring import mark_safe\n"
        "from undersigned.publishing.selectors import edition_document, edition_list_html\n"
        "e = Edition.objects.select_related('letter').get(number=1)\n"
        "doc = edition_document(e, 'zh-hant')\n"
        "t = time.perf_counter(); n = 5\n"
        "for _ in range(n):\n"
        "    doc = edition_document(e, 'zh-hant')\n"
        "    render_to_string('publishing/edition.html', {'letter': e.letter, 'edition': e, "
        "'doc': doc, 'list_html': mark_safe(edition_list_html(doc)), 'lang': 'zh-hant', "
        "'layout': 'both', "
        "'formats': [], 'languages': ['en', 'zh-hant'], 'previous': None})\n"
        "print((time.perf_counter() - t) / n)\n"
    )
    out = subprocess.run([PY, "-c", code], env=env, cwd=REPO, capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip())


if __name__ == "__main__":
    main()
