from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from undersigned.letters.models import Letter
from undersigned.publishing.document import LAYOUTS
from undersigned.publishing.renderers import FORMATS, render_bytes
from undersigned.publishing.selectors import edition_document, edition_languages
from undersigned.publishing.services import edition_file_record


class Command(BaseCommand):
    help = "Export an edition: export SLUG --edition N --lang TAG --format FORMAT -o OUT"

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--edition", type=int, help="default: the latest")
        parser.add_argument("--lang", help="default: the letter's source language")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--layout", default="both", choices=LAYOUTS)
        parser.add_argument("--sort-per-language", action="store_true",
                            help="a separate list sorted and numbered the way LANG sorts")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, slug, edition, lang, format, layout, sort_per_language, output,
               **options):
        letter = Letter.objects.filter(slug=slug).first()
        if letter is None:
            raise CommandError(f"No letter has the address {slug!r}.")
        editions = letter.editions.order_by("-number")
        chosen = editions.filter(number=edition).first() if edition else editions.first()
        if chosen is None:
            raise CommandError(f"{slug} has no edition {edition or ''}".strip() + ".")
        lang = (lang or letter.source_lang).replace("_", "-").lower()
        if lang not in edition_languages(chosen):
            raise CommandError(f"Edition {chosen.number} has no text in {lang}; it has: "
                               f"{', '.join(edition_languages(chosen))}.")
        with translation.override(lang):
            doc = edition_document(chosen, lang, layout=layout,
                                   per_language_sort=sort_per_language)
            data = render_bytes(format, doc)
        edition_file_record(edition=chosen, lang=lang, fmt=format, data=data,
                            variant=f"{layout} {sort_per_language} export")
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: edition {chosen.number}, {len(doc.entries)} signatories")
