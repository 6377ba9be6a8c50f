"""Country codes from the ISO 3166-1 table as pycountry keeps it, and what a user may have meant.

A destination or origin is an assigned ISO 3166-1 alpha-3 code, or it is bad input: a wrong
guess here is dangerous (before issue 16, `GER`, meant as Germany, answered "licence required"
as a country outside the EU). The table is pycountry's copy of the ISO data, not a hand list,
so a newly assigned or withdrawn code arrives with a pycountry release.

Near matches are offered, never chosen: an alpha-2 or numeric code, a country's name ("Germany")
or a letter code that is not ISO's (IOC/FIFA style: `GER`, `NED`, `SUI`) is matched against
the table's codes and its names (English, and the translations pycountry ships for
NAME_LANGUAGES), and the message names the assigned codes it may stand for.
"""

from __future__ import annotations

import difflib
import functools
import gettext
import re
import unicodedata
from dataclasses import dataclass

import pycountry

from exportgraph.errors import InputError

MAX_NEAR = 5
# Names are matched in English and in these languages of pycountry's translations: Dutch for
# the project's users, French and German because sports codes (SUI, NED) come from them.
NAME_LANGUAGES = ("nl", "fr", "de", "es", "it")


@dataclass(frozen=True)
class IsoCountry:
    """One row of the table: the alpha-3 code and the English short name."""

    alpha3: str
    name: str


class CountryCodeError(InputError):
    """A destination, origin or case field names no assigned ISO 3166-1 alpha-3 code."""

    code = "bad-country-code"


@functools.cache
def _table() -> dict[str, IsoCountry]:
    return {c.alpha_3: IsoCountry(c.alpha_3, c.name) for c in pycountry.countries}


@functools.cache
def _names(translated: bool = True) -> dict[str, tuple[str, ...]]:
    """Every name the table gives a code (short, official, common), normalised: in English,
    and when translated also in the languages of NAME_LANGUAGES."""
    return _names_of(("name", "official_name", "common_name"), translated)


@functools.cache
def _short_names(translated: bool = True) -> dict[str, tuple[str, ...]]:
    """The short and common names only: an official name's extra words match too much."""
    return _names_of(("name", "common_name"), translated)


def _names_of(keys: tuple[str, ...], translated: bool) -> dict[str, tuple[str, ...]]:
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for language in (NAME_LANGUAGES if translated else ())
    ]
    names: dict[str, tuple[str, ...]] = {}
    for country in pycountry.countries:
        english = [n for n in (getattr(country, key, None) for key in keys) if n]
        every = english + [t.gettext(n) for t in translations for n in english]
        names[country.alpha_3] = tuple(dict.fromkeys(_normal(n) for n in every))
    return names


def assigned_codes() -> frozenset[str]:
    """Every assigned ISO 3166-1 alpha-3 code of the table."""
    return frozenset(_table())


def is_assigned(code: str) -> bool:
    """True when code (any case) is an assigned ISO 3166-1 alpha-3 code."""
    return (code or "").strip().upper() in _table()


def country_name(code: str) -> str:
    """The English short name the table gives an assigned alpha-3 code ("DEU" -> "Germany")."""
    return _table()[code.strip().upper()].name


def assigned_country(asked: str, field_name: str) -> str:
    """Return the assigned alpha-3 code asked for (any case), upper case.

    Raises:
        CountryCodeError: anything else; the message names the field, what was given and the
            near matches (also on the error's near_matches, for JSON answers).
    """
    code = (asked or "").strip().upper()
    if code in _table():
        return code
    near = near_countries(asked)
    listed = ", ".join(f"{c} ({country_name(c)})" for c in near)
    hint = f"; near matches: {listed}" if near else ""
    raise CountryCodeError(
        f"{field_name}: {asked!r} is not an assigned ISO 3166-1 alpha-3 country code"
        f"{_withdrawn(code)} (three letters, e.g. CHN for China){hint}",
        field=field_name,
        near_matches=near,
    )


def near_countries(asked: str, count: int = MAX_NEAR) -> list[str]:
    """The assigned alpha-3 codes the text may stand for, most likely first.

    In this order: a name the table gives exactly ("Germany"), the alpha-2 or numeric code
    ("DE", "276"), names with a word starting with the text ("GER" -> Germany), names holding
    the text's letters in order from their first letter ("NED" -> Netherlands), codes one
    letter away ("GER" -> GEO), then names spelt alike ("Germny").
    """
    text = _normal(asked)
    if not text:
        return []
    names = _names()
    rules: list[list[str]] = [
        [code for code, given in names.items() if text in given],
        _other_code(text),
    ]
    # Each name rule runs on the English names and then on all of them, so a match in
    # English counts twice: "POR" is Portugal before Puerto Rico ("Porto Rico" in French).
    for translated in (False, True):
        if len(text) >= 2:
            rules.append(
                [
                    code
                    for code, given in _names(translated).items()
                    if any(_word_starts(n, text) for n in given)
                ]
            )
        if 2 <= len(text) <= 4 and text.isalpha():
            rules.append(
                [
                    code
                    for code, given in _short_names(translated).items()
                    if any(_in_order(text, n) for n in given)
                ]
            )
    if 2 <= len(text) <= 4 and text.isalpha():
        rules.append([c for c in _table() if _one_letter_away(text.upper(), c)])
    every_name = {n: c for c, given in names.items() for n in given}
    rules.append(
        [every_name[n] for n in difflib.get_close_matches(text, every_name, n=3, cutoff=0.75)]
    )
    # A code two rules point at comes before one that a single rule finds: "NED" is both
    # Netherlands' letters in order and one letter from NLD, and only the first for NZL.
    first: dict[str, tuple[int, int]] = {}
    for rank, found in enumerate(rules):
        for position, code in enumerate(found):
            first.setdefault(code, (rank, position))
    hits = {code: sum(code in found for found in rules) for code in first}
    exact = {code for found in rules[:2] for code in found}
    return sorted(first, key=lambda c: (c not in exact, -hits[c], first[c]))[:count]


def _other_code(text: str) -> list[str]:
    upper = text.upper()
    country = None
    if re.fullmatch(r"[A-Z]{2}", upper):
        country = pycountry.countries.get(alpha_2=upper)
    elif re.fullmatch(r"[0-9]{1,3}", upper):
        country = pycountry.countries.get(numeric=upper.zfill(3))
    return [country.alpha_3] if country is not None else []


def _withdrawn(code: str) -> str:
    """ ", withdrawn from ISO 3166-1 (was Yugoslavia)" for a code ISO 3166-3 lists, else ""."""
    if not re.fullmatch(r"[A-Z]{3}", code):
        return ""
    former = pycountry.historic_countries.get(alpha_3=code)
    return f", a code withdrawn from ISO 3166-1 (it was {former.name})" if former else ""


def _word_starts(name: str, text: str) -> bool:
    return any(word.startswith(text) for word in name.split())


def _in_order(letters: str, name: str) -> bool:
    if not name.startswith(letters[0]):
        return False
    rest = iter(name.replace(" ", ""))
    return all(letter in rest for letter in letters)


def _one_letter_away(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _normal(text: str | None) -> str:
    """Lower case, no accents or punctuation, one space: "Côte d'Ivoire" -> "cote d ivoire"."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())
