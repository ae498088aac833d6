

def test_acronym_spelled_out_in_another_language():
    from undersigned.orgs.matching import score_pair

    score, reasons = score_pair("Committee to Protect Journalists",
                                "Comité para la Protección de los Periodistas (CPJ)")
    assert score >= 0.8 and "acronym CPJ spelled out in the other name" in reasons
    # The same initials with nothing else in common are not enough.
    score, _ = score_pair("Centre for Peace Journalism", "Ciudadanos por la Justicia (CPJ)")
    assert score < 0.8
