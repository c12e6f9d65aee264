"""Funding programmes and international networks, by their Swedish and English names.

The canonical names are the programmes' own (English) names, so that reports and exports agree whoever
logged the activity and in which language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlu.prefilter import LiteralIndex, Prefiltered, prefiltered
from bot.nlu.text import fold, rx


@dataclass(frozen=True)
class Named:
    name: str
    span: tuple[int, int]
    eu: bool = True


@dataclass(frozen=True)
class _Programme:
    name: str
    pattern: Prefiltered  # most messages name no programme: the pattern runs only where its words are
    eu: bool
    case_sensitive: bool

    def search(self, text: str, folded: str) -> re.Match[str] | None:
        return self.pattern.search(text if self.case_sensitive else folded)

    def finditer(self, text: str, folded: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text if self.case_sensitive else folded))


@dataclass(frozen=True)
class Funding:
    """What one message names of funding and networks, read in one pass over the patterns."""

    programme: Named | None  # the most specific programme, as `find_programme` finds it
    network: Named | None  # as `find_network` finds it
    spans: list[tuple[int, int]]  # as `named_spans` finds them


def _programme(name: str, pattern: str, *, eu: bool = True, acronym: str | None = None) -> list[_Programme]:
    """A programme by its names (matched on folded text) and, optionally, an acronym that is also a word
    or too short to trust in lower case (LIFE, LEADER, CEF), matched exactly as written."""
    entries = [_Programme(name, prefiltered(rx(pattern.lower())), eu, False)] if pattern else []
    if acronym:
        entries.append(_Programme(name, prefiltered(re.compile(acronym)), eu, True))
    return entries


_I = r"interreg[\s-]*(?:programmet\s+|programme\s+)?"

# Most specific first: "Interreg Södra Östersjön" must not stop at "Interreg".
PROGRAMMES: list[_Programme] = [
    entry
    for entries in [
        _programme("Interreg Baltic Sea Region", _I + r"(?:baltic sea region|bsr|östersjöregionen|östersjöprogrammet)"),
        _programme("Interreg Baltic Sea Region", r"\böstersjöprogrammet\b|\bbaltic sea region programme\b"),
        _programme("Interreg South Baltic", _I + r"(?:south baltic|södra östersjön|sydöstersjön)"),
        _programme("Interreg South Baltic", r"\b(?:south baltic|södra östersjö)"),
        _programme("Interreg Central Baltic", r"\b(?:interreg[\s-]*)?(?:central baltic|centrala östersjö)"),
        _programme(
            "Interreg Öresund-Kattegat-Skagerrak",
            r"\b(?:interreg[\s-]*)?öresund[\s-]*kattegat[\s-]*skagerrak|\binterreg[\s-]*öks\b",
        ),
        _programme("Interreg Sweden-Norway", _I + r"(?:sverige[\s-]*norge|sweden[\s-]*norway)"),
        _programme("Interreg Aurora", _I + r"aurora"),
        _programme("Interreg North Sea", _I + r"(?:north sea|nordsjön|nordsjöprogrammet)"),
        _programme("Interreg Northern Periphery and Arctic", _I + r"(?:northern periphery|npa)"),
        _programme("Interreg Europe", _I + r"(?:europe|europa)\b"),
        _programme("Interreg", r"\binterreg"),
        _programme("URBACT", r"\burbact"),
        _programme("Horizon Europe – Cities Mission", r"\b(?:cities mission|stadsmissionen|100 klimatneutrala)"),
        _programme("Horizon Europe", r"\b(?:horizon|horisont)[\s-]*(?:europe|europa)"),
        _programme("Horizon 2020", r"\b(?:horizon|horisont)[\s-]*2020"),
        _programme(
            "Horizon Europe",
            r"\b(?:horizon|horisont)(?:[\s-]*(?:projekt|project|partner|call|utlysning|ansökan|application|proposal|funding|medel))",
        ),
        _programme(
            "LIFE", r"\blife[\s-]*(?:programme|programmet|program|project|projekt|-projektet)\b", acronym=r"\bLIFE\b"
        ),
        _programme("Erasmus+", r"\berasmus\s*(?:\+|plus)?"),
        _programme("Creative Europe", r"\b(?:creative europe|kreativa europa)"),
        _programme("Nordplus", r"\bnordplus", eu=False),
        _programme(
            "CEF (Connecting Europe Facility)",
            r"\bconnecting europe facility|fonden för ett sammanlänkat",
            acronym=r"\bCEF\b",
        ),
        _programme("Digital Europe", r"\b(?:digital europe|digitala europa)"),
        _programme(
            "ESF+", r"\beuropeiska socialfonden|\bsocialfonden\b|\beuropean social fund|\besf\+", acronym=r"\bESF\b"
        ),
        _programme(
            "ERDF", r"\bregionalfonden\b|regional development fund|regionala utvecklingsfonden|\beruf\b|\berdf\b"
        ),
        _programme("EU structural funds", r"\bstrukturfond|\bstructural funds?"),
        _programme("CERV", r"\bcerv\b|europa för medborgarna|europe for citizens|citizens,? equality"),
        _programme("AMIF", r"\bamif\b|asyl-, migrations- och integrationsfonden"),
        _programme(
            "Just Transition Fund", r"just transition fund|fonden för en rättvis omställning", acronym=r"\bJTF\b"
        ),
        _programme("EU4Health", r"\beu4health"),
        _programme("European Urban Initiative", r"european urban initiative", acronym=r"\bEUI\b"),
        _programme(
            "LEADER",
            # "finansieras av Leader": after a word for who pays, "Leader" is the programme, not a leader.
            r"\bleader-?(?:projekt|projektet|område|området|områden)\b|"
            r"\b(?:av|från|genom|via|inom|med|through|from|by|under|via)\s+leader\b",
            acronym=r"\bLEADER\b",
        ),
        _programme("Nordic Council of Ministers", r"nordiska ministerrådet|nordic council of ministers", eu=False),
        _programme("Swedish Institute", r"svenska institutet|swedish institute", eu=False),
        # Swedish national funders people apply to alongside the EU programmes.
        _programme("Vinnova", r"\bvinnova", eu=False),
        _programme("Formas", r"\bformas\b", eu=False),
        _programme("Energimyndigheten", r"\benergimyndigheten|swedish energy agency", eu=False),
        _programme("Tillväxtverket", r"\btillväxtverket|swedish agency for economic and regional growth", eu=False),
        _programme("Allmänna arvsfonden", r"\b(?:allmänna )?arvsfonden|swedish inheritance fund", eu=False),
        _programme(
            "ICLD", r"\bicld\b|internationellt centrum för lokal demokrati|centre for local democracy", eu=False
        ),
    ]
    for entry in entries
]

NETWORKS: list[tuple[str, Prefiltered]] = [
    (name, prefiltered(rx(pattern.lower())))
    for name, pattern in [
        ("Eurocities", r"\beuro-?cities"),
        ("ICLEI", r"\biclei"),
        ("Energy Cities", r"\benergy cities"),
        ("Union of the Baltic Cities (UBC)", r"\bUBC\b|union of (?:the )?baltic cities|östersjöstäder"),
        ("Covenant of Mayors", r"covenant of mayors|borgmästaravtalet|borgmästarnas"),
        ("CEMR", r"\bCEMR\b|\bCCRE\b|council of european municipalities"),
        ("Climate Alliance", r"climate alliance|klimatbündnis|klimatalliansen"),
        ("ERRIN", r"\berrin\b"),
        ("CPMR", r"\bCPMR\b|conference of peripheral maritime regions"),
        ("Baltic Sea Commission", r"baltic sea commission|östersjökommissionen"),
        ("Sveriges Ekokommuner", r"ekokommuner"),
        ("Klimatkommunerna", r"klimatkommunerna"),
        ("Eurotowns", r"\beurotowns"),
        ("WHO Healthy Cities", r"healthy cities|hälsosamma städer"),
        ("European Green Capital Network", r"green capital"),
        ("Mayors for Peace", r"mayors for peace|borgmästare för fred"),
        ("Cities Mission", r"\bnetzerocities|net zero cities"),
        ("Nordic Safe Cities", r"nordic safe cities"),
        ("Euroregion Baltic", r"euroregion baltic|\berb\b"),
    ]
]


# Which programmes and networks a text may name, by the words their patterns need (see bot.nlu.prefilter):
# the acronyms matched as written are tested on the text, the rest on the folded text.
_FOLDED_PROGRAMMES = LiteralIndex((i, p.pattern) for i, p in enumerate(PROGRAMMES) if not p.case_sensitive)
_CASED_PROGRAMMES = LiteralIndex((i, p.pattern) for i, p in enumerate(PROGRAMMES) if p.case_sensitive)
_NETWORKS = LiteralIndex((i, pattern) for i, (_, pattern) in enumerate(NETWORKS))


def _programmes(text: str, folded: str) -> list[_Programme]:
    """The programmes that may be named in the text, in the order of PROGRAMMES (the others cannot be)."""
    return [PROGRAMMES[i] for i in sorted(_FOLDED_PROGRAMMES.candidates(folded) | _CASED_PROGRAMMES.candidates(text))]


def _networks(folded: str) -> list[tuple[str, Prefiltered]]:
    return [NETWORKS[i] for i in sorted(_NETWORKS.candidates(folded))]


def find_programme(text: str) -> Named | None:
    """The most specific programme named in the text, if any."""
    folded = fold(text)
    for programme in _programmes(text, folded):
        match = programme.search(text, folded)
        if match:
            return Named(programme.name, match.span(), programme.eu)
    return None


def find_network(text: str) -> Named | None:
    folded = fold(text)
    for name, pattern in _networks(folded):
        match = pattern.regex.search(folded)
        if match:
            return Named(name, match.span(), eu=False)
    return None


def named_spans(text: str) -> list[tuple[int, int]]:
    """Where programme and network names are, so their words ("Södra Östersjön", "Cities") are not places."""
    return find_funding(text).spans


def find_funding(text: str) -> Funding:
    """The programme, the network and where every programme and network name is: what `find_programme`,
    `find_network` and `named_spans` answer, with each pattern run once. (A pattern's first match is the
    one `search` finds.)"""
    folded = fold(text)
    programme: Named | None = None
    network: Named | None = None
    spans: list[tuple[int, int]] = []
    for entry in _programmes(text, folded):
        matches = entry.finditer(text, folded)
        if matches and programme is None:
            programme = Named(entry.name, matches[0].span(), entry.eu)
        spans.extend(m.span() for m in matches)
    for name, pattern in _networks(folded):
        found = list(pattern.regex.finditer(folded))
        if found and network is None:
            network = Named(name, found[0].span(), eu=False)
        spans.extend(m.span() for m in found)
    return Funding(programme, network, spans)
