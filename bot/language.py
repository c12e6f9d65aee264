"""Telling Swedish from English in a chat message, which is often only one or two words long.

General language identifiers (langdetect, lingua) are trained on sentences and guess wildly on "hej",
"help" or "ok"; we only ever choose between two languages, and function words decide that reliably.
When a message shows neither language (a date, a place, a number) the caller keeps the person's last
language, so a conversation does not flip back and forth.
"""

from __future__ import annotations

import re

_SWEDISH = frozenset(
    """
    och att det som är var på för med har inte till av om ett en den jag vi du ni han hon de man
    min mitt mina vår vårt våra er ert era sin sitt sina här där från efter under över mellan
    ska skulle kommer blev blir kan kunde måste vill får fick gick åkte reste flög deltog besökte
    hade tog åker reser flyger deltar besöker ordnade träffade
    vad vem vilka vilken vilket hur när varför var vart hej hejsan hallå tjena tja tack ja nej
    hjälp igår idag imorgon förrgår nästa förra sista vecka veckan dag dagar månad år året också
    eller men så nu bara alla någon något några mycket lite mer mest strategin strategi kommunen
    ansökan konferens studiebesök resa resan möte mötet nätverksmöte projekt projektet rapport
    aktiviteter aktivitet uppgifter avbryt spara ändra radera visa lista klart gör sätt lägg ta bort mina
    enhet enheter enheten rapport rapporten logga översikt resultat kontaktperson förvaltning förvaltningen
    januari februari mars april maj juni juli augusti september oktober november december
    måndag tisdag onsdag torsdag fredag lördag söndag måndags tisdags onsdags torsdags fredags
    """.split()
)

_ENGLISH = frozenset(
    """
    the and that is are was were be been for with have has had not to of on in at it its this these
    those we you he she they me my our your their from after under over between about into
    will would shall should can could must may might want get got went travelled traveled flew
    attended visited took did do does done going
    what who which how when why where hi hello hey thanks thank yes no please help yesterday today
    tomorrow next last week day days month year also or but so now only all some any much more most
    strategy municipality application conference study visit trip meeting project report activities
    activity data cancel save change delete show list done make set add remove give admin administrator
    contact person unit units results overview log as an
    january february march april may june july august october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")


def detect_language(text: str) -> str | None:
    """`sv`, `en`, or None when the text does not say."""
    words = [w.casefold() for w in _WORD.findall(text[:2000])]
    swedish = sum(w in _SWEDISH for w in words)
    english = sum(w in _ENGLISH for w in words)
    # å, ä and ö are a strong hint, but place names (Malmö, Växjö) appear in English text too,
    # so the letters count as one word whatever their number.
    if any(_SWEDISH_LETTERS.search(w) and w not in _ENGLISH for w in words):
        swedish += 1
    if swedish > english:
        return "sv"
    if english > swedish:
        return "en"
    return None
