"""Generated demo signatories: national organisations named after their country, in English
and Traditional Chinese (country names from CLDR via Babel)."""

from babel import Locale

COUNTRIES = [
    "AR", "BD", "BJ", "BO", "BR", "BF", "BI", "KH", "CM", "CL", "CO", "CD", "CR", "CI", "EC",
    "EG", "SV", "ET", "FJ", "GM", "GH", "GT", "HN", "IN", "ID", "JO", "KE", "KG", "LB", "LR",
    "MW", "MY", "MV", "ML", "MX", "MN", "MA", "MZ", "MM", "NP", "NI", "NE", "NG", "PK", "PY",
    "PE", "PH", "SN", "SL", "LK",
]
KINDS = [
    ("{country} Human Rights Defenders Network", "{country}人權捍衛者網絡"),
    ("Civic Space Watch {country}", "{country}公民空間觀察"),
    ("Association for Freedom of Assembly in {country}", "{country}集會自由協會"),
]
ACRONYM_EVERY = 4
ANONYMOUS_EVERY = 11


def demo_signatories() -> list[dict]:
    en, zh = Locale.parse("en"), Locale.parse("zh_Hant")
    rows = []
    for k, (en_pattern, zh_pattern) in enumerate(KINDS):
        for i, code in enumerate(COUNTRIES):
            name = en_pattern.format(country=en.territories[code])
            n = len(rows)
            rows.append({
                "name": name,
                "name_zh": zh_pattern.format(country=zh.territories[code]),
                "acronym": "".join(w[0] for w in name.split() if w[0].isupper())
                if n % ACRONYM_EVERY == 0 else "",
                "country": code,
                "website": f"https://demo-{k}{i}.example/" if n % 3 else "",
                "publish_name": n % ANONYMOUS_EVERY != 5,
                "contact_name": f"Contact {n + 1}",
                "contact_email": f"contact{n + 1}@demo-{k}{i}.example",
            })
    return rows
