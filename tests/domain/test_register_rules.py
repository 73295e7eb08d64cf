"""The register of document numbers: one sequence per issuer and year, a document keeps
its number, a document dated another year goes to that year's register."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.kernel.base import DomainError
from domain.year.register import DocumentRegister


def test_numbers_run_from_one_and_a_document_keeps_its_number() -> None:
    register = DocumentRegister(issuer=uuid4(), year=2015)
    minutes = register.assign("2015/minutes", "BB", date(2015, 12, 18))
    proposal = register.assign("2015/proposal", "TTr", date(2015, 12, 20))
    again = register.assign("2015/minutes", "BB", date(2015, 12, 30))
    assert (minutes.number, proposal.number) == (1, 2)
    assert again == minutes and again.on == date(2015, 12, 18)
    assert (minutes.text("CTĐ"), proposal.text("CTĐ")) == ("01/BB-CTĐ", "02/TTr-CTĐ")
    assert len(register.collect_events()) == 3  # opened, two numbers: none for the repeat


def test_a_document_of_another_year_is_refused() -> None:
    register = DocumentRegister(issuer=uuid4(), year=2015)
    with pytest.raises(DomainError) as e:
        register.assign("2015/proposal", "TTr", date(2016, 1, 15))
    assert e.value.code == "register.wrong_year"
    with pytest.raises(DomainError):
        register.assign(" ", "TTr", date(2015, 1, 15))


def test_the_register_of_an_issuer_and_year_has_one_id() -> None:
    issuer = uuid4()
    assert DocumentRegister(issuer=issuer, year=2015).id == DocumentRegister.id_for(issuer, 2015)
    assert DocumentRegister.id_for(issuer, 2015) != DocumentRegister.id_for(issuer, 2016)
