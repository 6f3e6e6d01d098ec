from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, strategies as st

from efftheory.errors import ParameterDomainError
from efftheory.symbolic import Domain, Parameter, Role, parse_exact


@pytest.mark.parametrize("text,value", [("0.1", sp.Rational(1, 10)), ("8/700", sp.Rational(2, 175)),
                                        ("2e-6", sp.Rational(1, 500000)), ("-3/10", sp.Rational(-3, 10)),
                                        ("1_000", sp.Integer(1000)), (".5", sp.Rational(1, 2))])
def test_exact_parsing(text, value):
    assert parse_exact(text) == value


@pytest.mark.parametrize("text", ["abc", "1/0", "nan", "inf", "0x10", "1..2", "", "1/2/3"])
def test_non_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_exact(text)


@given(st.fractions())
def test_decimal_and_fraction_text_round_trip(f: Fraction):
    assert parse_exact(f"{f.numerator}/{f.denominator}") == sp.Rational(f.numerator, f.denominator)


def test_domain_errors_name_the_value_and_the_domain():
    p = Parameter("N", Role.PARAMETER, Domain.positive(integer=True), 10)
    with pytest.raises(ParameterDomainError, match=r"'N' = 2.5 .*integers > 0"):
        p.parse("2.5")
    with pytest.raises(ParameterDomainError, match="float"):
        p.parse(2.5)
    assert p.parse("12") == 12 and p.symbol.is_integer and p.symbol.is_positive


def test_words_domain_and_defaults():
    p = Parameter("normalization", Role.PARAMETER, Domain.words("paper", "consistent"), "paper")
    assert p.parse("consistent") == "consistent"
    with pytest.raises(ParameterDomainError, match="one of paper, consistent"):
        p.parse("other")
    with pytest.raises(ValueError):
        Parameter("x", Role.PARAMETER, Domain.positive(), -1)
