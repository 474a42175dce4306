"""Name matching: transliterations and German inflection merge, different first names never do."""
import pytest

from quellenlage.kb.names import compare, is_name_like, keys_for

SAME = [
    ("Kosak", "Kozak", "person"), ("Козак", "Kozak", "person"), ("Kirijenko", "Kiriyenko", "person"),
    ("Kirienko", "Kiriyenko", "person"), ("Dmitrij Kozak", "Dmitry Kozak", "person"),
    ("Dmitri Kosak", "Dmitry Kozak", "person"), ("Wladimir Putin", "Vladimir Putin", "person"),
    ("Putins", "Wladimir Putin", "person"), ("Kozaks", "Dmitry Kozak", "person"),
    ("Дмитрий Козак", "Dmitry Kozak", "person"), ("NYT", "The New York Times", "outlet"),
    ("New York Times", "The New York Times", "outlet"), ("Kremls", "Kreml", "organisation"),
    ("Sergej Lawrow", "Sergey Lavrov", "person"), ("Lawrows", "Sergey Lavrov", "person"),
    ("Алексей Навальный", "Alexej Nawalny", "person"), ("Jewgeni Prigoschin", "Yevgeny Prigozhin", "person"),
    ("Maria Sacharowa", "Maria Zakharova", "person"), ("dpa", "Deutsche Presse-Agentur", "outlet"),
]
DIFFERENT = [
    ("Anna Müller", "Peter Müller", "person"), ("Peter Müller", "Petra Müller", "person"),
    ("Jan Böhmermann", "Jana Böhmermann", "person"), ("Andreas Schmidt", "Andrea Schmidt", "person"),
    ("Merkel", "Merz", "person"), ("NYT", "Reuters", "outlet"), ("Angela Merkel", "Friedrich Merz", "person"),
]


@pytest.mark.parametrize("a,b,t", SAME)
def test_variants_match_with_an_explanation(a, b, t):
    d = compare(a, b, t)
    assert d.match, d
    assert d.explanation
    assert set(keys_for(a, t)) & set(keys_for(b, t)), "blocking must bring the two names together"


@pytest.mark.parametrize("a,b,t", DIFFERENT)
def test_different_people_do_not_match(a, b, t):
    assert not compare(a, b, t).match


def test_transliteration_convention_is_explained():
    assert "transliteration convention" in compare("Lawrow", "Lavrov", "person").explanation


def test_first_name_conflict_is_named_in_the_explanation():
    assert "different first names" in compare("Anna Müller", "Peter Müller", "person").explanation


def test_surface_forms():
    assert is_name_like("Kozaks", "Dmitry Kozak", "person")
    assert not is_name_like("Kozak habe", "Dmitry Kozak", "person")
    assert not is_name_like("er", "Dmitry Kozak", "person")
    assert is_name_like("Ursula von der Leyen", "Ursula von der Leyen", "person")
