import pytest


def test_acronym_spelled_out_in_another_language():
    from undersigned.orgs.matching import score_pair

    score, reasons = score_pair("Committee to Protect Journalists",
                                "Comité para la Protección de los Periodistas (CPJ)")
    assert score >= 0.8 and "acronym CPJ spelled out in the other name" in reasons
    # The same initials with nothing else in common are not enough.
    score, _ = score_pair("Centre for Peace Journalism", "Ciudadanos por la Justicia (CPJ)")
    assert score < 0.8


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        # Chinese 委员会 is a commission as often as a committee
        ("Asian Human Rights Commission (AHRC)", "亚洲人权委员会", "human_rights"),
        # the parenthesised short name is a name of its own
        ("Centre for Civil and Political Rights (CCPR Centre)", "CCPR Centre", "same"),
        # "protect" is the verb of protection, not a typo of "project"
        ("Committee to Protect Journalists", "Comité para la Protección de los Periodistas",
         "protection"),
        # a one-word name the other gives in parentheses
        ("Dejusticia", "Centro de Estudios de Derecho, Justicia y Sociedad (Dejusticia)",
         "short name"),
        # four letters stated by one and spelled out by the other, one shared word
        ("Fundación para el Debido Proceso (DPLF)", "Due Process of Law Foundation", "DPLF"),
        # a network's own name with or without "International"
        ("Greenpeace International", "Greenpeace", "greenpeace"),
    ],
)
def test_translated_and_shortened_names(a, b, why):
    from undersigned.orgs.matching import score_pair

    score, reasons = score_pair(a, b)
    assert score >= 0.8, (score, reasons)
    assert any(why in r for r in reasons), reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Greenpeace International", "Greenpeace Spain"),
        ("Asian Human Rights Commission", "Australian Human Rights Commission"),
        ("Asian Human Rights Commission", "亚洲人权理事会 (泰国)"),
        ("Centre for Civil and Political Rights (CCPR Centre)", "Centre for Human Rights"),
        ("Due Process of Law Foundation", "Fundación para la Democracia Local (FPDL)"),
    ],
)
def test_related_but_different(a, b):
    from undersigned.orgs.matching import score_pair

    assert score_pair(a, b)[0] < 0.8
