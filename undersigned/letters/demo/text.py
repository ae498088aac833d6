"""The demo letter, written by the project for `make run`. Fictional wording; the
organisations that sign it are generated (see signatories.py)."""

SLUG = "renew-foaa-mandate"

TEXTS = {
    "en": {
        "title": "Joint letter: renew the mandate on freedom of peaceful assembly and of association",
        "recipients": "To the Permanent Representatives of UN member states to the Human Rights Council",
        "body_md": """Excellencies,

We, the undersigned civil-society organisations, write ahead of the coming session of the
Human Rights Council, where states will consider a resolution renewing the mandate of the
Special Rapporteur on the rights to freedom of peaceful assembly and of association.

People who gather, march, organise and form associations keep governments accountable.
Across every region, they face restrictive laws, arbitrary arrests and the closure of the
organisations they built. The Special Rapporteur documents these patterns, visits countries,
and offers states practical guidance to protect civic space.

Renewing the mandate for three years, without weakening its scope, is how the Council shows
that these rights belong to everyone. We therefore call on all member states to:""",
        "asks": [
            "engage constructively in the negotiations on the resolution;",
            "co-sponsor the resolution renewing the mandate;",
            "oppose any amendment that would weaken the mandate or its independence; and",
            "support the adoption of the resolution by consensus.",
        ],
    },
    "fr": {
        "title": "Lettre conjointe : renouveler le mandat sur la liberté de réunion pacifique et d'association",
        "recipients": "Aux représentants permanents des États membres de l'ONU auprès du Conseil des droits de l'homme",
        "body_md": """Excellences,

Nous, organisations de la société civile soussignées, vous écrivons avant la prochaine
session du Conseil des droits de l'homme, au cours de laquelle les États examineront une
résolution renouvelant le mandat du Rapporteur spécial sur les droits à la liberté de
réunion pacifique et d'association.

Les personnes qui se rassemblent, manifestent, s'organisent et fondent des associations
obligent les gouvernements à rendre des comptes. Dans toutes les régions, elles font face à
des lois restrictives, à des arrestations arbitraires et à la fermeture de leurs
organisations. Le Rapporteur spécial documente ces tendances, se rend dans les pays et
propose aux États des orientations concrètes pour protéger l'espace civique.

Renouveler le mandat pour trois ans, sans en réduire la portée, est la manière dont le
Conseil montre que ces droits appartiennent à toutes et à tous. Nous appelons donc tous les
États membres à :""",
        "asks": [
            "participer de manière constructive aux négociations sur la résolution ;",
            "se porter coauteurs de la résolution renouvelant le mandat ;",
            "s'opposer à tout amendement qui affaiblirait le mandat ou son indépendance ; et",
            "soutenir l'adoption de la résolution par consensus.",
        ],
    },
    "zh-hant": {
        "title": "聯名信：延長和平集會和結社自由問題特別報告員的任期",
        "recipients": "致聯合國會員國常駐人權理事會代表",
        "body_md": """各位閣下：

我們，下列簽署的公民社會組織，在人權理事會下屆會議召開之前致函各位。屆時各國將審議一項決議，延長和平集會和結社自由權利問題特別報告員的任期。

集會、遊行、組織和結社的人們促使政府承擔責任。在每一個地區，他們都面臨限制性法律、任意逮捕以及他們所建立的組織遭到關閉。特別報告員記錄這些情況、訪問各國，並為各國保護公民空間提供實際的指引。

在不削弱其範圍的前提下將任期延長三年，是理事會表明這些權利屬於每一個人的方式。因此，我們呼籲所有會員國：""",
        "asks": [
            "建設性地參與決議的談判；",
            "共同提案延長任期的決議；",
            "反對任何削弱任期或其獨立性的修正案；以及",
            "支持以協商一致方式通過決議。",
        ],
    },
}
