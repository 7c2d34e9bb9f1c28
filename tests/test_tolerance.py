"""The comparison of shown and fresh outputs: exact text, numbers within the stated tolerance."""

import pytest

from snippetkit.checks.tolerance import first_difference, numbers_match


@pytest.mark.parametrize(("shown", "now"), [
    ("0.123456", "0.123457"),          # 1e-6 apart: oneDNN / GPU noise
    ("1234.5678", "1234.5679"),        # one unit in the last printed digit
    ("0.1235", "0.1234"),              # rounded to the other side of a digit
    ("16.118095", "16.118096"),
    ("3e-05", "3.00001e-05"),
    ("nan", "nan"),
    ("100", "100"),
])
def test_numbers_that_match(shown, now):
    assert numbers_match(shown, now)


@pytest.mark.parametrize(("shown", "now"), [
    ("0.1234", "0.1236"),              # two units in the last digit
    ("0.99", "0.97"),
    ("1.0", "nan"),
    ("inf", "1e308"),
    ("100", "101"),
])
def test_numbers_that_differ(shown, now):
    assert not numbers_match(shown, now)


def test_identical_outputs_match():
    text = "epoch 1: loss 0.693147\naccuracy: 0.9972\n"
    assert first_difference(text, text) is None


def test_number_noise_is_tolerated():
    assert first_difference("loss 0.6931472\nok\n", "loss 0.6931475\nok\n") is None


def test_text_must_match_exactly():
    diff = first_difference("accuracy: 0.99\n", "precision: 0.99\n")
    assert diff is not None and "line 1" in diff and "text differs" in diff


def test_a_changed_number_is_named_with_its_line():
    diff = first_difference("a\nloss: 0.50\n", "a\nloss: 0.70\n")
    assert diff is not None and "line 2" in diff and "0.50" in diff and "0.70" in diff


def test_a_missing_line_is_a_difference():
    assert first_difference("a 1\nb 2\n", "a 1\n") is not None
