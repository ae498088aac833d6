"""Shapes of lines: list markers, headings, salutations, closings, qualifiers.

Every pattern here is anchored and free of nested repetition, so matching a line costs
time linear in its length (``tests/importing/test_properties.py`` feeds adversarial
lines to the whole parser with a time bound per megabyte)."""

from __future__ import annotations

import re

from .. import lexicon

_HEAD = r"^\s*(?:#+\s*)?(?:\*\*|__)?(?:list\s+of\s+)?"
NUMBERED_RE = re.compile(
    r"^\s*[(\[]?(\d{1,6})(?:\s*[.)\]:]|\s*[、．]|\s+[-–—](?=\s)|(?=\t))(?!\d)\s*(.*)$")
PAGE_MARKER_RE = re.compile(
    r"^\s*(?:(?:page|página|pagina|seite|страница|стр\.|صفحة|第)\s*\d+(?:\s*(?:of|/|de|sur|из|von|من)"
    r"\s*\d+)?\s*頁?|\d+\s*/\s*\d+|[-–—]\s*\d+\s*[-–—])\s*$", re.IGNORECASE)
INDIVIDUAL_WORDS = (
    r"(?:individual(?:s|\s+signatories|\s+signatures)?|in\s+a\s+personal"
    r"\s+capacity|signed\s+in\s+(?:a|their)\s+personal\s+capacity|personnes(?:\s+physiques)?"
    r"|signataires\s+individuels|à\s+titre\s+individuel|firmantes\s+individuales"
    r"|(?:personas|firmas)\s+individuales|a\s+título\s+(?:individual|personal)"
    r"|частные\s+лица|физические\s+лица|أفراد|الأفراد|个人|個人|个人签署|個人連署"
    r"|(?:and\s+)?(?:the\s+following\s+)?individuals?(?:\s+signatories)?"
    r"|personalidades|personnalités|individuos|(?:firmas|signatures)\s+(?:personales|individuelles)"
    r")"
)
INDIVIDUALS_RE = re.compile(
    _HEAD + INDIVIDUAL_WORDS + r"(?:\*\*|__)?\s*(?:\(\d+\))?\s*[:：.]?\s*(?:\*\*|__)?\s*$",
    re.IGNORECASE)
INDIVIDUALS_INLINE_RE = re.compile(
    _HEAD + INDIVIDUAL_WORDS + r"(?:\*\*|__)?\s*(?:\(\d+\))?\s*[:：]\s*(?:\*\*|__)?\s*"
    r"(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
BULLET_CHARS = "•·▪◦●○■□►▶➢➤✓✔❖\u2043\u2219*-–—"
BULLET_RE = re.compile(r"^\s*[" + re.escape(BULLET_CHARS) + r"]\s*(?=\S)(.*)$")
HEADING_WORDS = (
    r"(?:"
    r"(?:the\s+)?(?:undersigned|co-?signator(?:y|ies)|signator(?:y|ies)|signing|co-?signing"
    r"|endorsing|supporting)"
    r"(?:\s+organi[sz]ations?|\s+groups|\s+members)?|signed(?:\s+by)?|co-?signed(?:\s+by)?"
    r"|endorsed\s+by|supported\s+by|endorsements?|organi[sz]ations?(?:\s+signing|\s+signatories)?"
    r"|(?:premi(?:ers|ères)\s+)?signataires|firman|adhesiones|adhieren"
    r"|(?:organisations\s+|organizaciones\s+|liste\s+des\s+)?signataires|signé(?:e?s)?\s+par"
    r"|(?:organizaciones\s+|organizações\s+)?(?:firmantes|signatárias|signatários)"
    r"|firmado\s+por|suscriben|unterzeichner(?:innen)?|unterzeichnende\s+organisationen"
    r"|подписа(?:вшие|нты|ли)(?:\s+организации)?|организации,?\s+подписавшие(?:\s+письмо)?"
    r"|(?:المنظمات\s+)?(?:الموقعون|الموقعين|الموقعة)(?:\s+على\s+الرسالة)?"
    r"|[^\s:：]{0,6}(?:聯署|连署|連署|联署|簽署|签署|署名)[^\s:：]{0,6}"
    r"|signatarios|firmas|signatures|signatories\s+(?:as\s+of|to\s+date)[^:：]{0,40}"
    r"|signatari[oe]s?\s+(?:hasta|au|jusqu)[^:：]{0,40}|(?:lista\s+de\s+)?firmantes"
    r"|(?:organisations|organizations)\s+(?:that\s+)?(?:have\s+)?signed[^:：]{0,30}"
    r")"
)
SIGNATORY_HEADING_RE = re.compile(
    _HEAD + HEADING_WORDS
    + r"(?:\*\*|__)?\s*(?:\(\d+\))?\s*[:：.,]?\s*(?:\*\*|__)?\s*$", re.IGNORECASE)
# "Signed by: A, B, C and D." — the heading and the whole list on one line (or paragraph).
INLINE_HEADING_RE = re.compile(
    _HEAD + r"(?:this\s+(?:letter|statement)\s+(?:is|was|has\s+been)\s+)?" + HEADING_WORDS
    + r"(?:\s+the\s+following(?:\s+organi[sz]ations)?)?(?:\*\*|__)?\s*(?:\(\d+\))?\s*"
    r"[:：]\s*(?:\*\*|__)?\s*(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
SUBJECT_RE = re.compile(
    r"^\s*(?:re|subject|objet|asunto|assunto|betreff|oggetto|тема|الموضوع|主旨|事由|主题|主題)"
    r"\s*[:：]\s*(.+)$", re.IGNORECASE)
TO_RE = re.compile(
    r"^\s*(?:to|attn|attention|à|a|para|destinataires?|destinatarios?|кому|إلى|الى|致|收件人)"
    r"\s*[:：]\s*(.+)$", re.IGNORECASE)
TO_LOOSE_RE = re.compile(  # "To Permanent Representatives ..." without a colon
    r"^\s*((?:to|aux?|a)\s+(?:the\s+|les\s+|las\s+|los\s+)?(?:permanent|member|state|"
    r"representative|minister|ambassador|delegation|h\.\s?e\.|his\b|her\b|their\b|all\b|"
    r"government|head|représentant|représentation|état|membre|délégation|ministre|"
    r"gouvernement|representaci|representante|estado|misi|delegaci|gobierno)\w*.*"
    r"|(?:à\s+l['’]attention\s+de|a\s+la\s+atención\s+de|attention)\s*:?\s*.+)$",
    re.IGNORECASE)
_LOOSE_TO_PREFIX = re.compile(
    r"^\s*(?:to|aux?|a|à\s+l['’]attention\s+de|a\s+la\s+atención\s+de|attention\s*:?)\s+"
    r"(?:the\s+|les\s+|las\s+|los\s+)?", re.IGNORECASE)
SALUTATION_RE = re.compile(
    r"^\s*(dear|your\s+excellenc(?:y|ies)|excellenc(?:y|ies)|mesdames|madame|monsieur|"
    r"messieurs|excellences?|estimad[oa]s?|señor(?:a|es)?|excelent[ií]simo|excelencias?|"
    r"sehr\s+geehrte|уважаем\w*|ваше\s+превосходительство|سعادة|أصحاب\s+السعادة|السادة|"
    r"尊敬的|敬愛的|親愛的|亲爱的|各位)(?:\b|(?<=[^\x00-\x7f]))(.*?)\s*[,，:：!]?\s*$",
    re.IGNORECASE)
CLOSING_RE = re.compile(
    r"^\s*(sincerely|yours\s+sincerely|yours\s+faithfully|respectfully|kind\s+regards|"
    r"best\s+regards|cordialement|bien\s+cordialement|atentamente|saludos|"
    r"mit\s+freundlichen\s+grüßen|с\s+уважением|وتفضلوا|此致|敬上|謹啟|谨启)\b.{0,40}$",
    re.IGNORECASE)

LEGAL_SUFFIX_RE = re.compile(
    r"^,?\s*(?:Inc|Ltd|LLC|Limited|e\.\s?V|asbl|a\.s\.b\.l|gGmbH|GmbH|NGO|ONG|A\.C|A\.?S\.?B\.?L"
    r"|NPO|CIC|S\.A|Corp|Trust)\.?$", re.IGNORECASE)
QUALIFIER_RE = re.compile(
    r"(?:\s*[,;]\s*|\s+|\s*\(\s*)(?=(?:within\s+the\s+framework\s+of|in\s+the\s+framework\s+of"
    r"|as\s+part\s+of|dans\s+le\s+cadre\s+de|en\s+el\s+marco\s+de|on\s+behalf\s+of|au\s+nom\s+de"
    r"|en\s+nombre\s+de|in\s+partnership\s+with|as\s+(?:a\s+)?member\s+of|member\s+of"
    r"|membre\s+de|miembro\s+de|represented\s+by|représentée?\s+par|representad[oa]\s+por"
    r"|in\s+its\s+capacity\s+as)\b)", re.IGNORECASE)
NAME_FUNCTION = lexicon.NAME_STOP_WORDS | {"sur", "contre", "sin", "sans", "without", "till",
                                          "för", "och", "für", "zur", "zum", "ohne"}
NAME_STOP = {"for", "of", "and", "the", "in", "on", "to", "de", "del", "des", "du", "la", "le",
             "les", "et", "y", "pour", "para", "por", "a", "an", "against", "with", "at", "by"}


# A line that sets a group of entries apart: a section ("International organisations",
# "Organizaciones nacionales", "Regional networks") or a region; a country alone is
# recognised with the country list.
SECTION_RE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*|__)?(?:(?:\d+|[ivx]+)[.)]\s+)?(?:"
    r"(?:(?:international|regional|national|local|global|grassroots|member|other|"
    r"internacional(?:es)?|regionales?|nacionales?|locales?|internationales?|"
    r"régionales?|nationales?|organisations?\s+internationales|nacionais|internacionais|"
    r"regionais)[\s,]*(?:(?:and|&|y|e|et|und)\s+)?)+(?:organi[sz]ations?|organizaciones|"
    r"organizações|networks?|redes?|réseaux|ngos|ong|groups|members|signatories|"
    r"firmantes|signataires|civil\s+society(?:\s+organi[sz]ations)?)?"
    r"|(?:organi[sz]ations?|organizaciones|organizações|redes|réseaux|networks|ngos|ong)"
    r"(?:\s+(?:and|y|e|et)\s+(?:networks|redes|réseaux|redes))?\s+(?:(?:internacionales|"
    r"regionales|nacionales|internationales|régionales|nationales|international|regional|"
    r"national|internacionais|regionais|nacionais)[\s,]*(?:(?:and|&|y|e|et|und)\s+)?)+"
    r"|(?:organisations?|organizations?)\s+(?:based\s+)?(?:in|from)\s+.{2,40}"
    r"|africa|asia|europe|americas?|latin\s+america(?:\s+and\s+the\s+caribbean)?|"
    r"north\s+america|south\s+america|middle\s+east(?:\s+and\s+north\s+africa)?|mena|"
    r"pacific|asia[\s-]pacific|caribbean|oceania|arab\s+region|sub-saharan\s+africa|"
    r"afrique|asie|amérique\s+latine|amériques|moyen-orient|áfrica|américa\s+latina|"
    r"américas|oriente\s+medio|asia\s+y\s+el\s+pacífico|europa|"
    r"other\s+countries|global|worldwide|international"
    r")(?:\*\*|__)?\s*(?:\(\d+\))?\s*[:：]?\s*(?:\*\*|__)?\s*$", re.IGNORECASE)
