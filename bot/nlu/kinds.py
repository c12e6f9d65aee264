"""What kind of international work a message describes, how people travelled, and where a project stands.

Swedish builds its words for events as compounds whose last part is the head: a "Teamsmöte" and a
"projektmöte" are meetings, a "nätverksträff" a network meeting, a "studieresa" a study visit. English
puts the head last in a phrase ("project meeting"). So when two cues meet in one word or in neighbouring
words, the later one names the activity; otherwise the first mentioned does, except that an event
(a meeting, a conference) beats a project it is about, and a few phrases decide the kind wherever they
stand ("tog emot", "skickade in en ansökan"). All patterns run on folded text (`bot.nlu.text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlu.direction import incoming
from bot.nlu.prefilter import Prefiltered, prefiltered
from bot.nlu.text import rx


def _filtered(entries: list[tuple[str, re.Pattern[str]]]) -> list[tuple[str, Prefiltered]]:
    """Each pattern runs only on messages that contain one of its words (bot.nlu.prefilter): a message names
    one kind or two of the dozens these lists know."""
    return [(name, prefiltered(pattern)) for name, pattern in entries]


_DECISIVE: list[tuple[str, Prefiltered]] = _filtered(
    [
        (
            "application",
            rx(
                r"\b(?:skickat|skickade|skickades|skickas|lämnat|lämnade|lämnades|lämnas) in\b.{0,40}\bansökan|"
                r"\bansökan\b.{0,60}\b(?:skickat|skickade|skickades|skickas|lämnat|lämnade|lämnades|lämnas) in\b|"
                r"\bsubmitted (?:an? |our |the )?(?:\w+ )?(?:application|proposal|bid)|\bapplied (?:for|to)\b|"
                r"\b(?:apply|applying) (?:for|to)\b|\b(?:sökt|sökte|söker|söka) (?:medel|pengar|finansiering|stöd|bidrag)\b|"
                r"\b(?:application|proposal|ansökan)\b.{0,40}\b(?:submitted|sent in|skickad|inskickad|inlämnad)\b"
            ),
        ),
    ]
)

_CUES: list[tuple[str, Prefiltered]] = _filtered(
    [
        ("application", rx(r"ansökan|ansökningar|\bansöka\b|\bansökt\b|\bapplication|\bproposal\b")),
        (
            "study_visit",
            rx(
                r"studiebesök|studieresa|studieresor|study[\s-]visit|study[\s-]trip|study tour|benchmarking|job[\s-]shadowing|jobbskuggning"
            ),
        ),
        (
            "training",
            rx(
                r"\bkurs\b|\bkursen\b|kurs(?:dag|dagar|er)\b|utbildning|\btraining|\bcourse\b|\bmasterclass|summer school|"
                r"sommarskola|workshop|kompetensutveckling|\bwebbkurs|\bbootcamp|\blärarutbyte|\bteacher exchange"
            ),
        ),
        (
            "conference",
            rx(
                r"konferens|kongress|\bsymposi|summit|toppmöte|forum\b|(?<!en )\bmässa\b|mässan\b|\bexpo\b|seminari|\bseminar\b|"
                r"webinar|webbinar|\bconference|\bcongress|\bweek of\b|\bfestival|(?<!arbets)(?<!\bi )\w{3,}vecka(?:n)?\b|"
                r"\b(?:green|energy|european|eu|regions?|innovation|mobility|climate|design|cities) week\b|"
                r"ceremoni|ceremony|award ceremony|prisutdelning|trade fair|\bfair\b|\bkonff?a?\b|\bkonff?en\b|\bwebbis\b"
            ),
        ),
        (
            "network_meeting",
            _NETWORK := rx(
                r"nätverksmöte|nätverksträff|nätverkstr|nätverket|\bnätverk\b|network meeting|\bnetwork\b|årsmöte|"
                r"general assembly|\bagm\b|arbetsgrupp|working group|plenary|steering committee of the network|"
                r"annual meeting|årsmötet"
            ),
        ),
        ("eu_project", rx(r"\beu-projekt|\beu project")),
        ("project", rx(r"projekt|\bproject|partnerskap|partnership|vänortssamarbete|twinning|samarbete med\b")),
        (
            "meeting",
            rx(
                r"möte\b|möten\b|mötet\b|\bträff\b|\bträffade|\bträffat\b|\bträffar\b|\bträffas|\bmöttes|\bmötte\b|"
                r"\bmött\b|meeting|\bmtgs?\b|\bmet\b|\bmeet(?:s)? with\b|"
                r"\b(?:teams|zoom|skype|webex)(?:-?samtal| med\b| with\b| call)|\bvideo call|"
                r"\bvideosamtal|\bsamtal med\b|\bcall with\b|\bstudy circle|rundabordssamtal|round table|kick-?off|"
                r"uppstart|avstämning|\bcheck-in\b|\bsync\b"
            ),
        ),
    ]
)
# A unit or an office named for its field ("utbildningsförvaltningen", "kulturnämnden", "projektkontoret"):
# the word names who, not what was done.
_ORGANISATION = rx(
    r"\w(?:förvaltning|förvaltningen|nämnd|nämnden|kontor|kontoret|avdelning|avdelningen|enhet|enheten)$"
)
_EVENT_KINDS = frozenset({"study_visit", "training", "conference", "network_meeting", "meeting"})
# A project named as the subject of an event ("informationsbord om EU-projekten") is not the activity.
_ABOUT = prefiltered(rx(r"\b(?:om|about|on|kring|angående)\s+(?:\w+\s+){0,2}$"))

# Travel words are matched as written: folded, "tåg" would be "tag" ("för ett tag sedan") and "båt" "bat".
_TRAVEL: list[tuple[str, Prefiltered]] = _filtered(
    [
        (
            "flight",
            re.compile(
                r"\bflyg|\bflög\b|\bflog\b|\bflugit\b|\bflyger\b|\bflyga\b|\bflew\b|\bflight|\bfly(?:ing)?\b|\bplane\b|\bby air\b|"
                r"\bairport\b|\bflygplats|\bklm\b|\blufthansa|\bryanair|"
                # Landing is the end of a flight: "landade precis hemma", "landed at Arlanda".
                r"\blandade\b|\blandat\b|\blandar\b|\blanded\b|\blanding\b|\blands\b"
            ),
        ),
        (
            "digital",
            re.compile(
                r"\bteams\b|teamsmöte|\bzoom|\bskype|\bwebex|google meet|\bdigital|\bonline\b|\bvirtu|webinar|webbinar|"
                r"videomöte|videosamtal|\bvia länk|\bremote(?:ly)?\b|\bdistans|\bwebbis\b"
            ),
        ),
        (
            "boat",
            re.compile(
                r"\bfärja|\bfärjan|\bfarjan?\b|\bbåt(?:en|ar|resa)?\b|\bferry|\bboat\b|\bvia sjön|finlandsbåt|viking line|tallink|stena line"
            ),
        ),
        (
            "train",
            re.compile(
                r"tåg(?:et|en|resa|resan|biljett|biljetten)?\b|\bnattag|\btaget\b|\btrain\b|\bby rail\b|\bsj\b|"
                r"\bjärnväg|\brail\b|x2000|\bintercity|\bice\b|\btgv\b|\beurostar|\bthalys"
            ),
        ),
        ("bus", re.compile(r"\bbuss|\bbus\b|\bcoach\b")),
        ("car", re.compile(r"\bbil\b|\bbilen\b|\bbilar\b|\bmed bil|\bkörde\b|\bby car\b|\bcar\b|\bdrove\b|samåk")),
    ]
)

_STATUS: list[tuple[str, Prefiltered]] = _filtered(
    [
        (
            "rejected",
            rx(
                r"\bavslag|\bavslogs|\bfick nej\b|\bej beviljad|\binte beviljad|\brejected|\bnot (?:funded|granted|approved)|"
                r"\bdeclined|\bunsuccessful|\bturned down"
            ),
        ),
        (
            "finished",
            rx(
                r"\bavslutad|\bavslutades|\bavslutat|\bavslutade|\bslutfört|\bslutfördes|\bslutade|\bfinished|\bcompleted|"
                r"\bended\b|\bclosed\b|\bwrapped up|\bslutrapport|\bfinal report"
            ),
        ),
        (
            "ongoing",
            rx(
                r"\bpågående|\bpågår|\blöper|\bongoing|\bon-going|\brunning|\bcurrent\b|\bstartade|\bstarted|\bhar startat|"
                r"\bär igång|\bigång\b|\bi gång\b|\brullar på|\bin (?:year|its) (?:two|three|four|second|third|\d)|"
                r"\bdriver\b|\bwe're in year|\bunderway|\bunder way|\bruns (?:until|till|to|through|from|for)\b|"
                r"\bkör(?:s)? (?:till|fram till)\b"
            ),
        ),
        (
            "granted",
            rx(
                r"\bbeviljad|\bbeviljades|\bbeviljat|\bfick (?:ja|pengar|medel|bifall)|\bgranted|\bapproved|"
                r"\bgot (?:the |our |a )?(?:\w+ )?grant\b|\bfick (?:\w+ )?(?:bidrag|anslag|medel|finansiering)\b|"
                r"\b(?:was|were|got|been|is|are) funded\b|\bgodkänd|\bgodkändes|\bwon\b"
            ),
        ),
        (
            "planned",
            rx(
                r"\bstartar\b|\bkommer att starta|\bwill start|\bstarts (?:in|next|on)|\bstart nästa|\bplanerar|\bplanerad|"
                r"\bplaneras|\bska söka|\bkommer att söka|\bplan(?:ning)? to|\bwill apply|\bare planning"
            ),
        ),
        (
            "applied",
            rx(
                r"\bskickat in|\bskickade in|\bskickades in|\blämnat in|\blämnade in|\blämnades in|\bsubmitted|\bapplied\b|"
                r"\bansökt\b|\bsökt\b|\bsökte\b|\bväntar på besked|\bawaiting|\bwaiting for (?:the )?(?:decision|answer)"
            ),
        ),
    ]
)


@dataclass(frozen=True)
class KindGuess:
    kind: str
    span: tuple[int, int] | None
    decisive: bool = False


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole word (hyphenated compounds included) around a match."""
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "-+"):
        left -= 1
    right = end
    while right < len(text) and (text[right].isalnum() or text[right] in "-+"):
        right += 1
    return left, right


def guess_kind(folded: str, eu_programme: bool | None, network_named: bool = False) -> KindGuess | None:
    """The activity kind, or None when nothing in the (folded) message names one.

    `eu_programme` says whether a named funding programme is an EU one, which separates an EU project
    from another international project; `network_named` that one of our networks is mentioned, which
    makes a meeting a network meeting.
    """
    guests = incoming(folded)
    if guests:
        return KindGuess("incoming_visit", guests.span(), decisive=True)
    for kind, pattern in _DECISIVE:
        match = pattern.search(folded)
        if match:
            return KindGuess(kind, match.span(), decisive=True)
    found: list[tuple[int, int, str, tuple[int, int]]] = []
    for kind, pattern in _CUES:
        for match in pattern.finditer(folded):
            word_start, word_end = _word_bounds(folded, *match.span())
            if kind in ("project", "eu_project") and _ABOUT.search(folded[:word_start]):
                continue
            if _ORGANISATION.search(folded[word_start:word_end]):
                continue  # "utbildningsförvaltningen" is a unit, not a training
            found.append((word_start, match.end(), kind, match.span()))
            break
    if not found:
        return None
    found.sort()
    # Cues in the same word or in neighbouring words: the later one is the head ("projektmöte").
    chosen = found[0]
    for later in found[1:]:
        gap = folded[_word_bounds(folded, *chosen[3])[1] : later[0]]
        if later[0] == chosen[0] or gap.strip(" -") == "":
            chosen = later
    kind, span = chosen[2], chosen[3]
    if kind in ("project", "eu_project", "application"):
        events = [f for f in found if f[2] in _EVENT_KINDS]
        if events and kind != "application":
            kind, span = events[0][2], events[0][3]
    if kind == "meeting" and (network_named or _NETWORK.search(folded)):
        kind = "network_meeting"
    if kind == "project":
        eu = eu_programme or (eu_programme is None and re.search(r"\beu\b|\beu-|europeisk|european", folded))
        kind = "eu_project" if eu else "international_project"
    return KindGuess(kind, span)


def guess_travel_mode(lowered: str) -> str | None:
    """Flights first, whatever else is mentioned: the strategy asks about every flight."""
    found = [(m.start(), mode) for mode, pattern in _TRAVEL if (m := pattern.search(lowered))]
    if not found:
        return None
    if any(mode == "flight" for _, mode in found):
        return "flight"
    return min(found)[1]


def guess_status(folded: str) -> str | None:
    for status, pattern in _STATUS:
        if pattern.search(folded):
            return status
    return None
