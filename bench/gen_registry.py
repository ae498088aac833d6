"""Synthetic registry of organisation names for benchmarking the matcher.

    python bench/gen_registry.py --n 100000 > registry.tsv     # key <TAB> name <TAB> lang

Names mix English, Spanish, French and Chinese (Traditional and Simplified), countries and
cities from CLDR, invented proper names ("Kavuru Foundation"), acronyms, network members
("ACAT Kenya", "Amnesty International Peru"), and a share of second names per organisation
(translations, acronyms, typos) as a real registry accumulates them. ``variant()`` makes
the kind of new name a sign-on brings: a typo, other case or punctuation, a translation,
an acronym, an added "The"/"Inc.". Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import sys

TYPES = [  # en, es, fr, zh
    ("Association", "Asociación", "Association", "协会"),
    ("Centre", "Centro", "Centre", "中心"),
    ("Center", "Centro", "Centre", "中心"),
    ("Foundation", "Fundación", "Fondation", "基金會"),
    ("Network", "Red", "Réseau", "網絡"),
    ("Coalition", "Coalición", "Coalition", "聯合陣線"),
    ("Institute", "Instituto", "Institut", "研究所"),
    ("Forum", "Foro", "Forum", "論壇"),
    ("Alliance", "Alianza", "Alliance", "聯盟"),
    ("Committee", "Comité", "Comité", "委員會"),
    ("Council", "Consejo", "Conseil", "理事會"),
    ("Society", "Sociedad", "Société", "學會"),
    ("Movement", "Movimiento", "Mouvement", "運動"),
    ("Initiative", "Iniciativa", "Initiative", "倡議"),
    ("Project", "Proyecto", "Projet", "計畫"),
    ("Fund", "Fondo", "Fonds", "基金"),
    ("Federation", "Federación", "Fédération", "聯合會"),
    ("League", "Liga", "Ligue", "聯盟會"),
    ("Observatory", "Observatorio", "Observatoire", "觀察站"),
    ("Platform", "Plataforma", "Plateforme", "平台"),
]
TOPICS = [
    ("Human Rights", "Derechos Humanos", "Droits Humains", "人權"),
    ("Women's Rights", "Derechos de las Mujeres", "Droits des Femmes", "婦女權利"),
    ("Children", "Niños", "Enfants", "兒童"),
    ("Sustainable Development", "Desarrollo Sostenible", "Développement Durable", "可持續發展"),
    ("the Environment", "Medio Ambiente", "Environnement", "環境"),
    ("Legal Aid", "Asistencia Legal", "Aide Juridique", "法律援助"),
    ("Democracy", "Democracia", "Démocratie", "民主"),
    ("Peace", "Paz", "Paix", "和平"),
    ("Press Freedom", "Libertad de Prensa", "Liberté de la Presse", "新聞自由"),
    ("Indigenous Peoples", "Pueblos Indígenas", "Peuples Autochtones", "原住民"),
    ("Refugees", "Refugiados", "Réfugiés", "難民"),
    ("Migrants", "Migrantes", "Migrants", "移民"),
    ("Justice", "Justicia", "Justice", "正義"),
    ("Education", "Educación", "Éducation", "教育"),
    ("Health", "Salud", "Santé", "健康"),
    ("Torture Prevention", "Prevención de la Tortura", "Prévention de la Torture", "防止酷刑"),
    ("Civil Liberties", "Libertades Civiles", "Libertés Civiles", "公民自由"),
    ("Land Rights", "Derechos a la Tierra", "Droits Fonciers", "土地權利"),
    ("Workers", "Trabajadores", "Travailleurs", "勞工"),
    ("Youth", "Juventud", "Jeunesse", "青年"),
    ("Climate Justice", "Justicia Climática", "Justice Climatique", "氣候正義"),
    ("Disability Rights", "Derechos de las Personas con Discapacidad", "Droits des Personnes Handicapées", "身心障礙權利"),
    ("Transparency", "Transparencia", "Transparence", "透明"),
    ("Food Sovereignty", "Soberanía Alimentaria", "Souveraineté Alimentaire", "糧食主權"),
]
NETWORKS = ["ACAT", "Amnesty International", "Transparency International", "Oxfam", "Caritas",
            "PEN", "Save the Children", "Greenpeace", "Plan International", "ActionAid"]
ONSETS = ["b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "kh",
          "tr", "br", "ny", "w"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
CODAS = ["", "", "", "n", "r", "l", "m", "s"]
HAN = "華明安光新信德仁義和恒永康泰福慧春秋山海雲星晨曦青松竹梅蘭菊嘉豐源清遠志誠同心樂善"


def _places():
    from babel import Locale

    locs = [Locale.parse(x) for x in ("en", "es", "fr", "zh_Hant")]
    out = []
    for code in sorted(locs[0].territories):
        if len(code) == 2 and code.isalpha() and code not in {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}:
            out.append(tuple(loc.territories.get(code, locs[0].territories[code]) for loc in locs))
    return out


def brand(rng: random.Random) -> str:
    n = rng.choice((2, 2, 3, 3, 4))
    word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(n))
    return word.capitalize()


def _acronym(words: str) -> str:
    skip = {"for", "of", "the", "and", "in", "de", "la", "las", "los", "del", "pour", "des",
            "du", "le", "les", "et", "y", "a"}
    return "".join(w[0] for w in words.replace("'", " ").split() if w.lower() not in skip).upper()


def organisation(rng: random.Random, places) -> list[tuple[str, str]]:
    """One organisation: its names as (name, lang)."""
    t = rng.choice(TYPES)
    topic = rng.choice(TOPICS)
    place = rng.choice(places)
    b = brand(rng)
    kind = rng.random()
    names: list[tuple[str, str]] = []
    if kind < 0.05:
        net = rng.choice(NETWORKS)
        names.append((f"{net} {place[0]}", "en"))
        if rng.random() < 0.3:
            names.append((f"{net} {place[1]}", "es"))
        return names
    if kind < 0.30:
        en = f"{b} {t[0]}"
        names.append((en, "en"))
        if rng.random() < 0.2:
            names.append((f"{t[2]} {b}", "fr"))
    elif kind < 0.50:
        en = f"{place[0]} {t[0]} for {topic[0]}"
        names.append((en, "en"))
        r = rng.random()
        if r < 0.15:
            names.append((f"{t[1]} de {topic[1]} de {place[1]}", "es"))
        elif r < 0.25:
            names.append((f"{place[3]}{topic[3]}{t[3]}", "zh-Hant"))
    elif kind < 0.65:
        en = f"{b} {t[0]} for {topic[0]}"
        acr = _acronym(en)
        names.append((f"{en} ({acr})" if rng.random() < 0.5 else en, "en"))
        if rng.random() < 0.15:
            names.append((acr, "en"))
    elif kind < 0.75:
        names.append((f"{t[1]} {b} de {topic[1]}", "es"))
    elif kind < 0.83:
        names.append((f"{t[2]} {b} pour {topic[2]}", "fr"))
    elif kind < 0.90:
        zh_brand = rng.choice(HAN) + rng.choice(HAN)
        names.append((f"{place[3]}{zh_brand}{topic[3]}{t[3]}", "zh-Hant"))
    else:
        en = f"{t[0]} for {topic[0]} in {place[0]}"
        names.append((f"{b} {en}", "en"))
    return names


_TYPO_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(name: str, rng: random.Random) -> str:
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.isascii()]
    if not long:
        if len(name) > 4 and not name.isascii():  # Chinese: drop one character
            j = rng.randrange(1, len(name) - 1)
            return name[:j] + name[j + 1:]
        return name
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.3:
        w = w[:j] + w[j + 1:]
    elif op < 0.6:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif op < 0.8:
        w = w[:j] + rng.choice(_TYPO_LETTERS) + w[j:]
    else:
        w = w[:j] + rng.choice(_TYPO_LETTERS) + w[j + 1:]
    words[i] = w
    return " ".join(words)


def variant(name: str, rng: random.Random) -> str:
    """A new spelling of a known name, as a sign-on form might bring it."""
    r = rng.random()
    if r < 0.35:
        return typo(name, rng)
    if r < 0.45:
        return name.upper()
    if r < 0.55:
        return name.replace(" ", "-", 1) if " " in name else name + "."
    if r < 0.65:
        return "The " + name
    if r < 0.72:
        return name + ", Inc."
    if r < 0.80:
        return name.replace("Centre", "Center").replace("Center", "Centro").replace(
            "Association", "Asociación").replace("Human Rights", "Droits Humains")
    return typo(typo(name, rng), rng)


def generate(n: int, seed: int = 0) -> list[tuple[int, str, str]]:
    """About ``n`` (key, name, lang) rows."""
    rng = random.Random(seed)
    places = _places()
    rows: list[tuple[int, str, str]] = []
    key = 0
    while len(rows) < n:
        key += 1
        for name, lang in organisation(rng, places):
            rows.append((key, name, lang))
        if rng.random() < 0.03 and rows:
            rows.append((key, typo(rows[-1][1], rng), rows[-1][2]))
    return rows[:n]


def new_names(rows, n: int, seed: int = 1) -> list[str]:
    """``n`` incoming names: 70% variants of registry names, 30% new organisations."""
    rng = random.Random(seed)
    places = _places()
    out = []
    for _ in range(n):
        if rng.random() < 0.7:
            out.append(variant(rng.choice(rows)[1], rng))
        else:
            out.append(organisation(rng, places)[0][0])
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    out = sys.stdout
    for key, name, lang in generate(args.n, args.seed):
        out.write(f"{key}\t{name}\t{lang}\n")


if __name__ == "__main__":
    main()
