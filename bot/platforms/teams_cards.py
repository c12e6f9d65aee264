"""`Reply` → Bot Framework message activities with Adaptive Cards, and card submits → engine input.

Pure functions on dicts, no network and no SDK, so every rendering rule is testable on its own.

A reply that is only text goes as a plain-text message (`textFormat: plain`, so Teams shows what a person
typed as they typed it). A reply with a title, fields, buttons or a form becomes an Adaptive Card: text as
`RichTextBlock`s, whose `TextRun`s are never read as Markdown; fields as a `FactSet`, whose values are
Markdown in Teams and are therefore escaped; buttons as `Action.Submit` carrying the engine's value; a form
as inputs with one submit action. Teams refuses a message over 40 KB (counted in UTF-16), so long text is
split over several messages rather than rejected.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.messages import Button, Fact, Form, FormInput, Reply
from bot.platforms.rendering import iso_date, split_lines

Json = dict[str, Any]

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
# 1.4: input labels, required inputs, `associatedInputs` and action styles, all rendered by Teams on
# desktop, web and mobile.
CARD_VERSION = "1.4"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"

# Keys in an Action.Submit's data. Teams sends the data back as the activity's `value`, merged with the
# values of the card's inputs (keyed by input id), so ours share a prefix no input name uses.
ACTION_KEY = "utblick_action"
FORM_KEY = "utblick_form"
LABEL_KEY = "utblick_label"
RESERVED_PREFIX = "utblick_"

# Teams answers 413 for a message over 40 KB of UTF-16; these budgets leave room for the envelope.
MESSAGE_BYTES_MAX = 40 * 1024
TEXT_BUDGET_BYTES = 30 * 1024
SUMMARY_CHARS_MAX = 200
# Teams shows at most six actions in a card's action bar; more go in rows of buttons in the body, and a
# long list of choices (a unit for each of a municipality's ~90 units) goes in a drop-down with one button.
ACTION_BAR_MAX = 6
BUTTONS_PER_ROW = 5
CHOICES_AFTER = 12
CHOICE_KEY = "utblick_choice"
CHOOSE = "utblick:choose"
CHOOSE_LABEL = "OK"

_STYLES = {"primary": "positive", "danger": "destructive"}


def utf16_size(value: Any) -> int:
    """Bytes of `value` as JSON in UTF-16: how Teams measures a message against its 40 KB."""
    return len(json.dumps(value, ensure_ascii=False).encode("utf-16-le"))


# --- Text ---------------------------------------------------------------------------------------------

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+#>]|\d+[.)])(?=\s)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Text shown literally where Teams reads Markdown (fact titles and values).

    Only what Teams' card Markdown acts on is escaped: emphasis, links and code marks, and list or
    heading markers at the start of a line. A typed `[vaxjo.se](https://evil.example)` is shown as typed,
    never as a link that hides its target.
    """
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    return _MARKDOWN_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}", text)


def text_lines(text: str) -> list[Json]:
    """Each line of `text` as a RichTextBlock (never Markdown); a blank line becomes space above the next."""
    blocks: list[Json] = []
    gap = False
    for line in text.strip().split("\n"):
        if not line.strip():
            gap = True
            continue
        block: Json = {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": line}]}
        if blocks:
            block["spacing"] = "Medium" if gap else "None"
        blocks.append(block)
        gap = False
    return blocks


def _pages(blocks: list[Json], budget: int) -> list[list[Json]]:
    """Split text blocks into pages that each fit `budget` bytes; a line longer than a page is cut."""
    pages: list[list[Json]] = [[]]
    used = 0
    for block in blocks:
        size = utf16_size(block)
        if size > budget and block.get("type") == "RichTextBlock":  # one enormous line: cut it to fit
            text = block["inlines"][0]["text"]
            step = max(1, budget // 4)
            pieces = [text[i : i + step] for i in range(0, len(text), step)]
            for piece in pieces:
                pages.append([{"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": piece}]}])
            pages.append([])
            used = 0
            continue
        if used + size > budget and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(block)
        used += size
    return [page for page in pages if page] or [[]]


def _plain_pages(text: str, budget: int) -> list[str]:
    """Split plain text at line breaks into pieces of at most `budget` UTF-16 bytes."""
    return split_lines(text, budget // 2) or [" "]  # characters; two bytes each outside the astral planes


# --- Cards ----------------------------------------------------------------------------------------------


def card(body: list[Json], actions: list[Json] | None = None) -> Json:
    content: Json = {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION, "body": body}
    if actions:
        content["actions"] = actions
    return content


def title_block(title: str) -> Json:
    return {
        "type": "RichTextBlock",
        "inlines": [{"type": "TextRun", "text": title, "size": "Large", "weight": "Bolder"}],
    }


def fact_set(fields: Iterable[Fact]) -> Json | None:
    facts = [{"title": escape_markdown(f.label), "value": escape_markdown(f.value) or "–"} for f in fields]
    return {"type": "FactSet", "facts": facts, "spacing": "Medium"} if facts else None


def fact_sets(fields: Iterable[Fact], budget: int) -> list[Json]:
    """The facts as FactSets of at most `budget` bytes each, so a card of long values (results pasted in,
    a long description) is spread over messages instead of refused. A value too long for one is cut,
    and its label repeated over each piece."""
    # Escaping at most doubles a character, and a character is at most four bytes in UTF-16.
    piece = max(1, budget // 16)
    pieces = [
        Fact(fact.label, fact.value[i : i + piece]) for fact in fields for i in range(0, max(len(fact.value), 1), piece)
    ]
    sets: list[list[Fact]] = []
    used = 0
    for fact in pieces:
        size = utf16_size(fact_set([fact]))
        if not sets or used + size > budget:
            sets.append([])
            used = 0
        sets[-1].append(fact)
        used += size
    return [found for group in sets if (found := fact_set(group)) is not None]


def submit_action(button: Button, *, form_card: bool = False) -> Json:
    action: Json = {
        "type": "Action.Submit",
        "title": button.label,
        "data": {ACTION_KEY: button.value, LABEL_KEY: button.label},
    }
    if button.style in _STYLES:
        action["style"] = _STYLES[button.style]
    if form_card:
        action["associatedInputs"] = "none"  # "Avbryt" under a form does not send what was typed
    return action


def _button_rows(actions: list[Json]) -> list[Json]:
    return [
        {"type": "ActionSet", "actions": actions[i : i + BUTTONS_PER_ROW], "spacing": "Small"}
        for i in range(0, len(actions), BUTTONS_PER_ROW)
    ]


def form_input(field: FormInput) -> list[Json]:
    """One form input as an Adaptive Card input (id = the input's name), with its hint when it has one."""
    element: Json = {"id": field.name, "label": field.label, "isRequired": field.required}
    if field.kind == "date":
        element["type"] = "Input.Date"
        if iso_date(field.value):
            element["value"] = iso_date(field.value)
    elif field.kind == "select" and field.options:
        element["type"] = "Input.ChoiceSet"
        element["style"] = "compact"
        element["choices"] = [{"title": o.label, "value": o.value} for o in field.options]
        if any(o.value == field.value for o in field.options):
            element["value"] = field.value
    elif field.kind == "number":
        element["type"] = "Input.Number"
        if field.value and field.value.strip().lstrip("-").isdigit():
            element["value"] = int(field.value.strip())
    else:
        element["type"] = "Input.Text"
        element["isMultiline"] = field.kind == "multiline"
        if field.value:
            element["value"] = field.value
        if field.hint:
            element["placeholder"] = field.hint
    elements = [element]
    if field.hint and element["type"] != "Input.Text":
        elements.append(
            {
                "type": "RichTextBlock",
                "spacing": "None",
                "inlines": [{"type": "TextRun", "text": field.hint, "isSubtle": True, "size": "Small"}],
            }
        )
    return elements


def form_submit(form: Form) -> Json:
    return {
        "type": "Action.Submit",
        "title": form.submit_label,
        "style": "positive",
        "data": {FORM_KEY: form.action, LABEL_KEY: form.submit_label},
    }


# --- Replies → activities --------------------------------------------------------------------------------


def needs_card(reply: Reply) -> bool:
    return bool(reply.title or reply.fields or reply.buttons or reply.form)


def summary(reply: Reply) -> str:
    """What Teams shows in a notification and the chat list for a card: the title, else the first line."""
    first = next((line.strip() for line in reply.text.split("\n") if line.strip()), "")
    text = reply.title or first or (reply.form.title if reply.form else "") or "Utblick"
    return text if len(text) <= SUMMARY_CHARS_MAX else text[: SUMMARY_CHARS_MAX - 1] + "…"


def text_message(text: str) -> Json:
    return {"type": "message", "text": text, "textFormat": "plain"}


def card_message(content: Json, summary_text: str) -> Json:
    return {
        "type": "message",
        "summary": summary_text,
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": content}],
    }


def choice_sets(buttons: list[Button], budget: int) -> list[Json]:
    """Many buttons as drop-downs of at most `budget` bytes each (one is almost always enough), each with
    the one button that sends the choice; a list too long for one card is spread over several."""
    groups: list[list[Json]] = [[]]
    used = 0
    for button in buttons:
        choice = {"title": button.label, "value": button.value}
        size = utf16_size(choice)
        if groups[-1] and used + size > budget:
            groups.append([])
            used = 0
        groups[-1].append(choice)
        used += size
    return [
        {"type": "Container", "items": [
            {"type": "Input.ChoiceSet", "id": CHOICE_KEY, "style": "compact", "choices": group,
             "value": group[0]["value"]},
            {"type": "ActionSet", "actions": [{"type": "Action.Submit", "title": CHOOSE_LABEL, "style": "positive",
                                               "data": {ACTION_KEY: CHOOSE}}]},
        ]}
        for group in groups
    ]  # fmt: skip


def reply_messages(reply: Reply) -> list[Json]:
    """One reply as the message activities to send: plain text, or cards; long text over several."""
    if not needs_card(reply):
        return [text_message(piece) for piece in _plain_pages(reply.text.strip(), TEXT_BUDGET_BYTES)]
    if len(reply.buttons) > CHOICES_AFTER and not reply.form:
        listed = choice_sets(reply.buttons, TEXT_BUDGET_BYTES)
        first = replace(reply, buttons=[])
        return reply_messages(first) + [card_message(card([block]), summary(reply)) for block in listed]
    pages = _pages(text_lines(reply.text) + fact_sets(reply.fields, TEXT_BUDGET_BYTES // 2), TEXT_BUDGET_BYTES)
    messages = []
    for number, page in enumerate(pages):
        last = number == len(pages) - 1
        body: list[Json] = []
        if reply.title and number == 0:
            body.append(title_block(reply.title))
        elif reply.form and not reply.title and number == 0 and not reply.text.strip():
            body.append(title_block(reply.form.title))
        body.extend(page)
        actions: list[Json] = []
        if last:
            if reply.form:
                for field in reply.form.inputs:
                    body.extend(form_input(field))
                actions.append(form_submit(reply.form))
            actions.extend(submit_action(b, form_card=reply.form is not None) for b in reply.buttons)
            if len(actions) > ACTION_BAR_MAX:
                body.extend(_button_rows(actions))
                actions = []
        messages.append(card_message(card(body, actions), summary(reply)))
    return messages


def plain_messages(reply: Reply) -> list[Json]:
    """A reply as plain text only (its title, text and facts, no buttons): what is sent when Teams refuses
    its card, so the person still reads the answer."""
    lines = [reply.title or "", reply.text.strip(), *(f"{f.label}: {f.value}" for f in reply.fields)]
    text = "\n".join(line for line in lines if line)
    return [text_message(piece) for piece in _plain_pages(text, TEXT_BUDGET_BYTES)]


def has_actions(content: Json) -> bool:
    elements = [e for b in content.get("body") or [] for e in [b, *(b.get("items") or [])]]
    return bool(content.get("actions")) or any(e.get("type") == "ActionSet" for e in elements)


def chosen_card(content: Json, label: str, values: Mapping[str, str] | None = None) -> Json:
    """A card after one of its buttons was pressed: no more buttons, a line saying what was chosen, and a
    submitted form's inputs shown as the answers given. A second click cannot save the same thing twice."""
    chosen = copy.deepcopy(content)
    chosen.pop("actions", None)
    body: list[Json] = []
    answers: list[Json] = []
    for element in chosen.get("body") or []:
        kind = str(element.get("type", ""))
        if kind == "ActionSet" or any(i.get("id") == CHOICE_KEY for i in element.get("items") or []):
            continue
        if kind.startswith("Input."):
            shown = _shown_value(element, (values or {}).get(str(element.get("id")), ""))
            answers.append({"title": escape_markdown(str(element.get("label", ""))), "value": shown or "–"})
            continue
        body.append(element)
    if answers:
        body.append({"type": "FactSet", "facts": answers, "spacing": "Medium"})
    body.append(
        {
            "type": "RichTextBlock",
            "spacing": "Medium",
            "inlines": [{"type": "TextRun", "text": f"✓ {label}", "isSubtle": True}],
        }
    )
    chosen["body"] = body
    return chosen


def _shown_value(element: Json, value: str) -> str:
    if element.get("type") == "Input.ChoiceSet":
        titles = {str(c.get("value")): str(c.get("title")) for c in element.get("choices") or []}
        value = titles.get(value, value)
    return escape_markdown(value)


# --- Submits → engine input ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """A pressed button or a submitted form, as the engine should get it."""

    action: str
    label: str
    data: dict[str, str] | None = None


def submission(value: object) -> Submission | None:
    """The engine input carried by an Action.Submit's `value`, or None when it is not one of ours."""
    if not isinstance(value, Mapping):
        return None
    label = str(value.get(LABEL_KEY) or "")
    form_action = value.get(FORM_KEY)
    if isinstance(form_action, str) and form_action:
        data = {str(k): _as_text(v) for k, v in value.items() if not str(k).startswith(RESERVED_PREFIX)}
        return Submission(form_action, label, data)
    action = value.get(ACTION_KEY)
    if action == CHOOSE:  # a drop-down's button: the choice is the button that would have been pressed
        chosen = value.get(CHOICE_KEY)
        return Submission(chosen, label) if isinstance(chosen, str) and chosen else None
    if isinstance(action, str) and action:
        return Submission(action, label)
    return None


def choice_title(content: Json, action: str) -> str | None:
    """The label a drop-down showed for the choice `action`, from the card that was sent."""
    for element in content.get("body") or []:
        for item in element.get("items") or [element]:
            if item.get("id") == CHOICE_KEY:
                titles = {c.get("value"): c.get("title") for c in item.get("choices") or []}
                if action in titles:
                    return str(titles[action])
    return None


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- What people write -------------------------------------------------------------------------------------

_MENTION = re.compile(r"<at>[^<]*</at>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def readable(text: str, bot_mention: str | None = None) -> str:
    """A message's text for the engine: without the bot's @-mention, other mentions as the names shown.

    Teams puts `<at>Utblick</at>` into the text of a channel message that mentions the bot; the name in
    it is the bot's name as the person sees it.
    """
    if bot_mention:
        text = text.replace(bot_mention, " ")
    text = _MENTION.sub(lambda m: _TAG.sub("", m[0]), text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
