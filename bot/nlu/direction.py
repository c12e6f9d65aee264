"""Which way a visit goes: people from elsewhere coming to us is an incoming visit.

A visit is ours to another place unless the message says the guests come here. Swedish and English say
that in a handful of ways, wherever they stand in the message: receiving ("tog emot", "tar vi emot",
"received a delegation", "welcomed"), hosting ("we're hosting", "vi är värdar för"), a visit from
somewhere ("besök från vänorten …", "vi får besök av …", "a delegation from X"), or coming here ("kommer
hit", "coming over to Växjö", "visits us", "hälsade på oss"). An incoming visit's place in the parse
contract is the visitors' origin (docs/evaluation.md); the product shows it as "från …".
All patterns run on folded text (`bot.nlu.text`).
"""

from __future__ import annotations

import re

from bot.nlu.prefilter import prefiltered
from bot.nlu.text import rx

# Where we are: the town, us, our premises.
HOME = r"(?:växjö|oss|us|our (?:\w+ )?(?:municipality|city|schools?|offices?|town hall)|here)"
_SUBJECT = r"(?:vi|jag|ni|de|dom|kommunen|förvaltningen|skolan|vi på \w+)"
# Receiving, not a prize: "tog emot priset" is an award, "tar vi emot en grupp" a visit.
_RECEIVE = (
    rf"\b(?:tog|ta|tar|tagit|tagits|tar|tog)(?: {_SUBJECT})? emot\b"
    r"(?!.{0,40}\b(?:pris|priset|utmärkelse|diplom|award|check|ansökan|ansökningar|beslut|besked))"
)
_GUESTS = r"(?:delegation|delegationen|visit|visitors|guests|study group|group|colleagues|politicians|delegates|mayors)"

# Guests coming, received or hosted: decisive wherever it stands. (Each pattern runs only on messages that
# contain one of its words, see bot.nlu.prefilter.)
_COMING = prefiltered(
    rx(
        _RECEIVE + r"|\bbesök av\b|\bbesöksgrupp|\bhälsa(?:de|r)? på oss\b|"
        r"\b(?:kommer|kom|komma) (?:\w+ )?hit\b|\bhos oss\b|\bhit till\b|\bkommer på besök\b|"
        r"\b(?:välkomnade|välkomnar|välkomna) (?:en |ett |\w+ )?(?:delegation|besök|grupp|gäster)|"
        r"\b(?:är|var|blir|står|stod) (?:värd|värdar|värdkommun|värdstad) för\b|"
        r"\b(?:besökte|besöker|besöka|besök i|visited|visiting|visit|visits|came to|come to|coming to|comes to|"
        r"coming (?:over |back |down |up )?to|came (?:over |back |down |up )?to|coming over|come over) " + HOME + r"\b|"
        r"\bhere in växjö\b|"
        rf"\bhost(?:ed|ing|s)? (?:a |an |the )?(?:\w+ )?{_GUESTS}\b|"
        rf"\b(?:receiv(?:ed|ing|e)|welcom(?:ed|ing|e)) (?:a |an |the )?(?:\w+ )?(?:\w+ )?{_GUESTS}\b|"
        r"\b(?:we are|we're|we will be|are) hosting\b"
    )
)
# A group or a visit from somewhere: incoming, unless the message says we travelled out ourselves.
_FROM = prefiltered(
    rx(
        r"\bbesök(?:are)? från\b|\bgäster från\b|\b(?:studiebesök|studiegrupp|delegation(?:en)?|grupp|gruppen) från\b|"
        r"\b(?:delegation|visit|visitors|guests|study group|group) from\b|"
        r"\b(?:praktikant|trainee|gästforskare|visiting researcher) från\b|\btrainee from\b"
    )
)
# Our own trip out: "flög till Riga", "we went to Tartu", "travelled to Kiel".
_OUTWARD = prefiltered(
    rx(
        r"\b(?:flög|flyger|åkte|åker|reste|reser|körde|flew|fly|flying|went|go|going|travell?ed|travell?ing|drove|"
        r"took the \w+|tog \w+) (?:\w+ )?(?:to|till) (?!" + HOME + r"\b)"
    )
)


def incoming(folded: str) -> re.Match[str] | None:
    """Where the (folded) message says guests come to us, or None."""
    coming = _COMING.search(folded)
    if coming:
        return coming
    visit_from = _FROM.search(folded)
    if visit_from and not _OUTWARD.search(folded):
        return visit_from
    return None
