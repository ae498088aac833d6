"""Build ``states.json`` and ``territories.json`` from the curated ``un_states.csv``.

Run once, by hand, when the curated data or the pinned Babel/CLDR changes, and
commit the output; the app only ever reads the generated JSON files:

    .venv/bin/python undersigned/advocacy/data/build_states.py

Inputs, and the source recorded for each fact in the output:

* ``un_states.csv`` (curated by hand): membership status and English short name
  from the UN list of Member States and of non-member observer States, regional
  group from the UN DGACM list "United Nations Regional Groups of Member States",
  with a note and a ``source`` for every exception.
* ISO 3166-1 alpha-2/alpha-3/numeric codes from ``pycountry`` (ISO 3166-1).
* Names in fr, es, ru, zh-Hans, zh-Hant and ar from CLDR via Babel, overridden by
  the UN's own short names (UNTERM, the UN terminology database) in the table
  below where they differ. Those overrides were entered from the maintainers'
  knowledge of UNTERM and are marked ``unterm`` per language in ``name_sources``
  so that a reviewer can check them against unterm.un.org. zh-Hant is not a UN
  language: where the zh-Hans name was overridden, the zh-Hant name is the UN
  zh-Hans name converted with OpenCC (s2t), otherwise CLDR's zh-Hant name.
* Aliases: every CLDR name in the seven languages, pycountry's ISO names, the
  UN names, and the hand-written forms in ``EXTRA_ALIASES`` (common English,
  French and Spanish forms found in NGO lists and statements).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import babel
import pycountry
from babel import Locale

HERE = Path(__file__).resolve().parent
LANGS = ["en", "fr", "es", "ru", "zh-Hans", "zh-Hant", "ar"]
BABEL_LOCALE = {"zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant"}

# UN short names (UNTERM) where they differ from CLDR. English comes from un_states.csv.
UN_NAMES: dict[str, dict[str, str]] = {
    "fr": {
        "BLR": "Bélarus",
        "BOL": "Bolivie (État plurinational de)",
        "BRN": "Brunéi Darussalam",
        "CPV": "Cabo Verde",
        "COG": "Congo",
        "CIV": "Côte d'Ivoire",
        "PRK": "République populaire démocratique de Corée",
        "COD": "République démocratique du Congo",
        "SLV": "El Salvador",
        "IRN": "Iran (République islamique d')",
        "IRQ": "Iraq",
        "KGZ": "Kirghizistan",
        "LAO": "République démocratique populaire lao",
        "LBR": "Libéria",
        "FSM": "Micronésie (États fédérés de)",
        "MMR": "Myanmar",
        "NLD": "Pays-Bas (Royaume des)",
        "NGA": "Nigéria",
        "KOR": "République de Corée",
        "MDA": "République de Moldova",
        "RUS": "Fédération de Russie",
        "KNA": "Saint-Kitts-et-Nevis",
        "SYR": "République arabe syrienne",
        "TLS": "Timor-Leste",
        "TUR": "Türkiye",
        "GBR": "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        "TZA": "République-Unie de Tanzanie",
        "USA": "États-Unis d'Amérique",
        "VEN": "Venezuela (République bolivarienne du)",
        "VNM": "Viet Nam",
        "VAT": "Saint-Siège",
        "PSE": "État de Palestine",
    },
    "es": {
        "BHR": "Bahrein",
        "BLR": "Belarús",
        "BEN": "Benin",
        "BWA": "Botswana",
        "BOL": "Bolivia (Estado Plurinacional de)",
        "BRN": "Brunei Darussalam",
        "CIV": "Côte d'Ivoire",
        "PRK": "República Popular Democrática de Corea",
        "IRN": "Irán (República Islámica del)",
        "IRQ": "Iraq",
        "KAZ": "Kazajstán",
        "LAO": "República Democrática Popular Lao",
        "FSM": "Micronesia (Estados Federados de)",
        "MMR": "Myanmar",
        "NLD": "Países Bajos (Reino de los)",
        "KOR": "República de Corea",
        "MDA": "República de Moldova",
        "RUS": "Federación de Rusia",
        "KNA": "Saint Kitts y Nevis",
        "SAU": "Arabia Saudita",
        "SYR": "República Árabe Siria",
        "SWZ": "Eswatini",
        "TUR": "Türkiye",
        "TTO": "Trinidad y Tabago",
        "GBR": "Reino Unido de Gran Bretaña e Irlanda del Norte",
        "TZA": "República Unida de Tanzanía",
        "USA": "Estados Unidos de América",
        "VEN": "Venezuela (República Bolivariana de)",
        "VNM": "Viet Nam",
        "VAT": "Santa Sede",
        "PSE": "Estado de Palestina",
        "QAT": "Qatar",
        "ZWE": "Zimbabwe",
        "KEN": "Kenya",
        "LSO": "Lesotho",
        "MWI": "Malawi",
        "RWA": "Rwanda",
        "DJI": "Djibouti",
        "FJI": "Fiji",
        "SUR": "Suriname",
        "BGD": "Bangladesh",
        "GNB": "Guinea-Bissau",
        "PLW": "Palau",
        "PNG": "Papua Nueva Guinea",
        "ROU": "Rumania",
        "MLI": "Malí",
    },
    "ru": {
        "BOL": "Боливия (Многонациональное Государство)",
        "BRN": "Бруней-Даруссалам",
        "PRK": "Корейская Народно-Демократическая Республика",
        "COD": "Демократическая Республика Конго",
        "COG": "Конго",
        "IRN": "Иран (Исламская Республика)",
        "KGZ": "Кыргызстан",
        "LAO": "Лаосская Народно-Демократическая Республика",
        "FSM": "Микронезия (Федеративные Штаты)",
        "MMR": "Мьянма",
        "NLD": "Нидерланды (Королевство)",
        "KOR": "Республика Корея",
        "MDA": "Республика Молдова",
        "RUS": "Российская Федерация",
        "SYR": "Сирийская Арабская Республика",
        "TLS": "Тимор-Лешти",
        "GBR": "Соединенное Королевство Великобритании и Северной Ирландии",
        "TZA": "Объединенная Республика Танзания",
        "USA": "Соединенные Штаты Америки",
        "VEN": "Венесуэла (Боливарианская Республика)",
        "VAT": "Святой Престол",
        "PSE": "Государство Палестина",
        "ARE": "Объединенные Арабские Эмираты",
    },
    "zh-Hans": {
        "BOL": "多民族玻利维亚国",
        "BRN": "文莱达鲁萨兰国",
        "PRK": "朝鲜民主主义人民共和国",
        "COD": "刚果民主共和国",
        "COG": "刚果",
        "IRN": "伊朗伊斯兰共和国",
        "LAO": "老挝人民民主共和国",
        "FSM": "密克罗尼西亚联邦",
        "NLD": "荷兰王国",
        "KOR": "大韩民国",
        "MDA": "摩尔多瓦共和国",
        "RUS": "俄罗斯联邦",
        "SYR": "阿拉伯叙利亚共和国",
        "GBR": "大不列颠及北爱尔兰联合王国",
        "TZA": "坦桑尼亚联合共和国",
        "USA": "美利坚合众国",
        "VEN": "委内瑞拉玻利瓦尔共和国",
        "VAT": "教廷",
        "PSE": "巴勒斯坦国",
        "ARE": "阿拉伯联合酋长国",
    },
    "ar": {
        "BOL": "دولة بوليفيا المتعددة القوميات",
        "BRN": "بروني دار السلام",
        "PRK": "جمهورية كوريا الشعبية الديمقراطية",
        "COD": "جمهورية الكونغو الديمقراطية",
        "COG": "الكونغو",
        "CIV": "كوت ديفوار",
        "IRN": "جمهورية إيران الإسلامية",
        "LAO": "جمهورية لاو الديمقراطية الشعبية",
        "KOR": "جمهورية كوريا",
        "MDA": "جمهورية مولدوفا",
        "RUS": "الاتحاد الروسي",
        "SYR": "الجمهورية العربية السورية",
        "GBR": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        "TZA": "جمهورية تنزانيا المتحدة",
        "USA": "الولايات المتحدة الأمريكية",
        "VEN": "جمهورية فنزويلا البوليفارية",
        "VNM": "فييت نام",
        "VAT": "الكرسي الرسولي",
        "PSE": "دولة فلسطين",
        "CPV": "كابو فيردي",
        "MMR": "ميانمار",
    },
}

# Forms seen in NGO lists, statements and older UN documents, and the World Bank's
# names (common in NGO data). Never ambiguous ones.
EXTRA_ALIASES: dict[str, list[str]] = {
    "USA": [
        "USA",
        "US",
        "U.S.",
        "U.S.A.",
        "United States",
        "the United States",
        "United States of America (the)",
        "Etats-Unis",
        "EE. UU.",
        "EEUU",
        "EE.UU.",
    ],
    "GBR": [
        "UK",
        "U.K.",
        "United Kingdom",
        "Britain",
        "Great Britain",
        "United Kingdom of Great Britain & Northern Ireland",
        "Royaume-Uni",
        "Reino Unido",
    ],
    "RUS": ["Russia", "Russian Federation (the)", "Russie"],
    "IRN": [
        "Iran, Islamic Rep.",
        "Iran",
        "Islamic Republic of Iran",
        "Iran, Islamic Republic of",
        "Iran (Islamic Rep. of)",
    ],
    "SYR": ["Syria", "Syrian Arab Rep."],
    "PRK": [
        "Korea, Dem. People's Rep.",
        "Korea, Dem. Rep.",
        "DPRK",
        "D.P.R.K.",
        "North Korea",
        "Korea, Democratic People's Republic of",
        "Korea (Democratic People's Republic of)",
        "Korea DPR",
        "DPR Korea",
        "Democratic People’s Republic of Korea",
        "Korea, North",
    ],
    "KOR": [
        "Korea, Rep.",
        "South Korea",
        "ROK",
        "Korea, Republic of",
        "Korea (Republic of)",
        "Korea, South",
        "Republic of Korea (the)",
    ],
    "VNM": ["Vietnam", "Viet Nam", "Viêt Nam"],
    "TUR": [
        "Turkey (Türkiye)",
        "Turkey",
        "Turkiye",
        "Türkiye",
        "Republic of Türkiye",
        "Republic of Turkey",
        "Turquie",
        "Turquía",
    ],
    "CZE": ["Czech Republic", "Czechia", "République tchèque", "República Checa"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire", "Côte d’Ivoire", "Cote d Ivoire"],
    "NLD": [
        "Netherlands",
        "the Netherlands",
        "Kingdom of the Netherlands",
        "Holland",
        "Netherlands (the)",
    ],
    "BOL": ["Bolivia", "Plurinational State of Bolivia", "Bolivia, Plurinational State of"],
    "VEN": [
        "Venezuela, RB",
        "Venezuela",
        "Bolivarian Republic of Venezuela",
        "Venezuela, Bolivarian Republic of",
    ],
    "TZA": ["Tanzania", "Tanzania, United Republic of"],
    "LAO": ["Laos", "Lao PDR", "Lao P.D.R.", "Lao"],
    "MDA": ["Moldova", "Moldova, Republic of", "Republic of Moldova (the)"],
    "PSE": [
        "Palestine",
        "State of Palestine",
        "Palestine, State of",
        "Palestinian Authority",
        "Palestine (State of)",
    ],
    "VAT": [
        "Vatican",
        "Vatican City",
        "Vatican City State",
        "Holy See (Vatican City State)",
        "Holy See (the)",
        "Saint-Siège",
        "Santa Sede",
    ],
    "COD": [
        "DRC",
        "DR Congo",
        "D.R. Congo",
        "Democratic Republic of Congo",
        "Congo, Democratic Republic of the",
        "Congo, The Democratic Republic of the",
        "Congo (Democratic Republic of the)",
        "Congo-Kinshasa",
        "Congo (Kinshasa)",
        "Congo, Dem. Rep.",
        "RDC",
        "RD Congo",
    ],
    "COG": [
        "Republic of the Congo",
        "Republic of Congo",
        "Congo, Republic of the",
        "Congo (Republic of the)",
        "Congo-Brazzaville",
        "Congo (Brazzaville)",
        "Congo, Rep.",
    ],
    "FSM": [
        "Micronesia, Fed. Sts.",
        "Micronesia",
        "Federated States of Micronesia",
        "Micronesia, Federated States of",
        "Micronesia (Federated States)",
    ],
    "MKD": [
        "Macedonia",
        "Republic of North Macedonia",
        "North Macedonia",
        "The former Yugoslav Republic of Macedonia",
        "Former Yugoslav Republic of Macedonia",
        "FYROM",
    ],
    "SWZ": ["Swaziland", "Kingdom of Eswatini"],
    "MMR": ["Burma", "Myanmar (Burma)"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor Leste"],
    "BRN": ["Brunei"],
    "KGZ": ["Kyrgyz Republic", "Kirghizia"],
    "SVK": ["Slovak Republic"],
    "GMB": ["Gambia, The", "The Gambia", "Gambia (Republic of The)"],
    "BHS": ["Bahamas, The", "The Bahamas", "Bahamas (the)"],
    "KNA": ["St Kitts and Nevis", "Saint Christopher and Nevis", "St. Kitts & Nevis"],
    "LCA": ["St Lucia"],
    "VCT": [
        "St Vincent and the Grenadines",
        "Saint Vincent",
        "St. Vincent & Grenadines",
        "Saint Vincent & the Grenadines",
    ],
    "STP": ["São Tomé and Príncipe", "Sao Tome & Principe"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina", "Bosnia & Herzegovina", "BiH"],
    "TTO": ["Trinidad & Tobago", "Trinidad"],
    "ATG": ["Antigua & Barbuda", "Antigua"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "SAU": ["KSA"],
    "CAF": ["CAR", "Central African Rep."],
    "DOM": ["Dominican Rep."],
    "PNG": ["PNG"],
    "GNB": ["Guinea Bissau"],
    "GNQ": ["Eq. Guinea"],
    "SLB": ["Solomon Is."],
    "MHL": ["Marshall Is."],
    "LBY": ["Libyan Arab Jamahiriya"],
    "EGY": ["Egypt, Arab Rep.", "Arab Republic of Egypt"],
    "YEM": ["Yemen, Rep.", "Republic of Yemen"],
    "CHN": ["People's Republic of China", "PRC", "China (People's Republic of)", "中华人民共和国"],
    "DEU": ["Federal Republic of Germany"],
    "LKA": ["Democratic Socialist Republic of Sri Lanka"],
    "NZL": ["Aotearoa New Zealand"],
    "GRC": ["Hellenic Republic"],
    "CHE": ["Swiss Confederation"],
}


def babel_name(lang: str, iso2: str) -> str:
    return Locale.parse(BABEL_LOCALE.get(lang, lang)).territories[iso2]


def main(out_dir: Path = HERE) -> None:
    import opencc

    s2t = opencc.OpenCC("s2t")
    rows = list(csv.DictReader((HERE / "un_states.csv").open(encoding="utf-8")))
    states = []
    for row in rows:
        country = pycountry.countries.get(alpha_3=row["iso3"])
        iso2 = country.alpha_2
        names: dict[str, str] = {"en": row["name_en"]}
        name_sources: dict[str, str] = {
            "en": "UN short name (UN list of Member States / observer States)"
        }
        for lang in LANGS[1:]:
            cldr = babel_name(lang, iso2)
            un = UN_NAMES.get(lang, {}).get(row["iso3"])
            if lang == "zh-Hant" and row["iso3"] in UN_NAMES["zh-Hans"]:
                names[lang] = s2t.convert(UN_NAMES["zh-Hans"][row["iso3"]])
                name_sources[lang] = "UN zh-Hans short name converted with OpenCC s2t"
            elif un:
                names[lang] = un
                name_sources[lang] = "UN short name (UNTERM); verify at unterm.un.org"
            else:
                names[lang] = cldr.replace("’", "'")
                name_sources[lang] = f"CLDR via Babel {babel.__version__}"
        candidates = [babel_name(lang, iso2) for lang in LANGS]
        candidates += [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
        candidates += EXTRA_ALIASES.get(row["iso3"], [])
        aliases: list[str] = []
        for alias in candidates:
            if alias and alias not in aliases and alias not in names.values():
                aliases.append(alias)
        group = row["group"] or None
        role = None
        if group:
            role = "observer" if row["iso3"] == "USA" else "member"
        states.append(
            {
                "iso2": iso2,
                "iso3": row["iso3"],
                "m49": country.numeric,
                "un_status": row["status"],
                "group": group,
                "group_role": role,
                "group_note": row["group_note"] or None,
                "names": names,
                "aliases": aliases,
                "sources": {
                    "un_status": "UN list of Member States / non-member observer States",
                    "codes": f"ISO 3166-1 via pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else ''}".strip(),
                    "group": row["source"],
                    "names": name_sources,
                },
            }
        )
    (out_dir / "states.json").write_text(
        json.dumps(states, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )

    # Entities in ISO 3166-1 that are neither UN Member States nor observer States
    # (Taiwan, Kosovo, Cook Islands, Puerto Rico ...). The resolver reports them under
    # "others", never as states.
    taken = {s["iso2"] for s in states}
    territories = []
    codes = sorted({c.alpha_2 for c in pycountry.countries} | {"XK"})
    for iso2 in codes:
        if iso2 in taken:
            continue
        names = {}
        for lang in LANGS:
            try:
                names[lang] = babel_name(lang, iso2)
            except KeyError:
                continue
        if not names:
            continue
        country = pycountry.countries.get(alpha_2=iso2)
        aliases = []
        if country is not None:
            aliases = [
                v
                for v in {
                    getattr(country, a, None) for a in ("name", "official_name", "common_name")
                }
                if v and v not in names.values()
            ]
        territories.append({"iso2": iso2, "names": names, "aliases": sorted(aliases)})
    (out_dir / "territories.json").write_text(
        json.dumps(territories, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(states)} states and {len(territories)} other territories")


if __name__ == "__main__":
    main()
