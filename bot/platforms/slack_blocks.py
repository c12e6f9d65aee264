"""`Reply` → Block Kit, and Slack's markup → plain text: pure functions, no network, no Bolt.

Everything a person typed is escaped before it is shown in mrkdwn, so `<!channel>`, `<@U123>` or a
`<https://…|link>` that someone writes is displayed as they wrote it and never pings a channel or hides a
link. Slack's size limits (3,000 characters in a section, 10 fields, 25 buttons, 24 characters in a modal
title) are applied here, so a long answer is split rather than rejected by the API.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from bot.messages import Button, Fact, Form, FormInput, Option, Reply
from bot.platforms.rendering import iso_date, split_lines

Block = dict[str, Any]

# Block Kit limits (docs.slack.dev/reference/block-kit/blocks): exceeding any of them makes the whole
# call fail with invalid_blocks, so every piece of text is trimmed or split to fit.
SECTION_TEXT_MAX = 3000
HEADER_TEXT_MAX = 150
FIELD_TEXT_MAX = 2000
FIELDS_PER_SECTION = 10
BUTTONS_PER_ACTIONS = 25
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
MODAL_TITLE_MAX = 24
OPTION_TEXT_MAX = 75
OPTION_VALUE_MAX = 150
OPTIONS_MAX = 100
PRIVATE_METADATA_MAX = 3000
NOTIFICATION_TEXT_MAX = 3000
# Undocumented, but Slack answers chat.postMessage with msg_blocks_too_long when all the blocks' texts
# together pass roughly 12,000 characters (slackapi/bolt-js#2509, #2867 saw it refused at 11,341), so a
# long reply goes as several messages of at most this much text each.
MESSAGE_TEXT_MAX = 8000
# A slash command's response_url takes five answers.
RESPONSE_URL_POSTS = 5
ERROR_TEXT_MAX = 150

# action_id prefixes the Slack adapter listens for.
BUTTON_ACTION = "utblick:button"
OPEN_FORM_ACTION = "utblick:open_form"
FORM_CALLBACK = "utblick:form"
FORM_VALUE_ACTION = "value"


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control sequences in mrkdwn and `text`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def escaped_pieces(text: str, limit: int) -> list[str]:
    """`text` escaped, in pieces of at most `limit` characters each, cut at line breaks where possible.

    The text is cut before it is escaped and each piece escaped whole, so no cut ever falls inside an
    `&amp;`, and nothing is dropped: a long value goes on in the next piece.
    """
    pieces: list[str] = []
    for raw in split_lines(text, limit):
        while raw:
            if len(escape(raw)) <= limit:
                pieces.append(escape(raw))
                break
            end, used = 0, 0
            while end < len(raw) and used + len(escape(raw[end])) <= limit:
                used += len(escape(raw[end]))
                end += 1
            end = max(end, 1)
            line_break = raw.rfind("\n", 0, end)
            cut = line_break if line_break > 0 else end
            pieces.append(escape(raw[:cut]))
            raw = raw[cut:].lstrip("\n")
    return pieces


def text_blocks(text: str) -> list[Block]:
    """The reply's text as one or more mrkdwn sections, escaped, split at line breaks to fit.

    What a person typed is shown with Slack's own formatting: `*viktigt*` typed in Slack is bold in the
    summary as it was in their message (Slack has no way to show the markers literally in mrkdwn).
    Only `&`, `<` and `>` are escaped, so nothing typed can mention, link or ping.
    """
    return [{"type": "section", "text": mrkdwn(chunk)} for chunk in escaped_pieces(text.strip(), SECTION_TEXT_MAX)]


def field_blocks(fields: Iterable[Fact]) -> list[Block]:
    """Facts as two-column section fields: a bold label over its value, ten to a section, and no more
    text in one section than a section's text may hold, so long values never make a message too long.
    A value longer than a field goes on in further fields under the same label, as in Teams."""
    rendered = []
    for fact in fields:
        label = f"*{escape(clip(fact.label, HEADER_TEXT_MAX))}*\n"
        for piece in escaped_pieces(fact.value, FIELD_TEXT_MAX - len(label)) or ["–"]:
            rendered.append(mrkdwn(label + piece))
    groups: list[list[dict[str, Any]]] = []
    used = 0
    for field in rendered:
        size = len(field["text"])
        if not groups or len(groups[-1]) == FIELDS_PER_SECTION or used + size > SECTION_TEXT_MAX:
            groups.append([])
            used = 0
        groups[-1].append(field)
        used += size
    return [{"type": "section", "fields": group} for group in groups]


def button_element(button: Button, action_id: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": plain(button.label, BUTTON_TEXT_MAX),
        "value": button.value[:BUTTON_VALUE_MAX],
    }
    if button.style in {"primary", "danger"}:
        element["style"] = button.style
    return element


def actions_blocks(buttons: list[Button], block_index: int = 0) -> list[Block]:
    """Buttons as actions blocks; each button's value is what the engine gets back as `Message.action`."""
    blocks: list[Block] = []
    for start in range(0, len(buttons), BUTTONS_PER_ACTIONS):
        group = buttons[start : start + BUTTONS_PER_ACTIONS]
        elements = [button_element(b, f"{BUTTON_ACTION}:{block_index}:{start + i}") for i, b in enumerate(group)]
        blocks.append({"type": "actions", "block_id": f"utblick_actions_{block_index}_{start}", "elements": elements})
    return blocks


def reply_blocks(reply: Reply, index: int = 0, extra_buttons: Iterable[dict[str, Any]] = ()) -> list[Block]:
    """One reply as a card: header (title), text, fields, then buttons."""
    blocks: list[Block] = []
    if reply.title:
        blocks.append({"type": "header", "text": plain(reply.title, HEADER_TEXT_MAX)})
    blocks.extend(text_blocks(reply.text))
    blocks.extend(field_blocks(reply.fields))
    buttons = actions_blocks(reply.buttons, index)
    extra = list(extra_buttons)
    if extra:
        if buttons and len(buttons[-1]["elements"]) < BUTTONS_PER_ACTIONS:
            buttons[-1]["elements"].extend(extra)
        else:
            buttons.append({"type": "actions", "block_id": f"utblick_extra_{index}", "elements": extra})
    blocks.extend(buttons)
    return blocks


def text_length(value: Any) -> int:
    """How many characters of text a block (or a list of them) holds, as Slack counts toward its limit."""
    if isinstance(value, dict):
        own = len(value["text"]) if isinstance(value.get("text"), str) else 0
        return own + sum(text_length(v) for k, v in value.items() if not (k == "text" and isinstance(v, str)))
    if isinstance(value, list):
        return sum(text_length(item) for item in value)
    return 0


def messages(blocks: list[Block]) -> list[list[Block]]:
    """Blocks in order, packed into as few messages as hold them: at most 50 blocks and `MESSAGE_TEXT_MAX`
    characters of text each. A divider never begins or ends a message."""
    pieces: list[list[Block]] = [[]]
    used = 0
    for block in blocks:
        size = text_length(block)
        if pieces[-1] and (len(pieces[-1]) == MESSAGE_BLOCKS_MAX or used + size > MESSAGE_TEXT_MAX):
            pieces.append([])
            used = 0
        if block.get("type") == "divider" and not pieces[-1]:
            continue
        pieces[-1].append(block)
        used += size
    for piece in pieces:
        while piece and piece[-1].get("type") == "divider":
            piece.pop()
    return [piece for piece in pieces if piece]


def blocks_text(blocks: list[Block]) -> str:
    """The plain `text` of a message that goes on from the one before: its sections' texts."""
    parts = [b["text"]["text"] for b in blocks if b.get("type") in {"section", "header"} and b.get("text")]
    return clip("\n".join(parts), NOTIFICATION_TEXT_MAX) or " "


def notification_text(reply: Reply) -> str:
    """The plain `text` Slack shows in notifications and to screen readers; escaped like the blocks."""
    parts = [reply.title or "", reply.text.strip()]
    parts.extend(f"{fact.label}: {fact.value}" for fact in reply.fields)
    text = "\n".join(p for p in parts if p) or " "
    return clip(escape(text), NOTIFICATION_TEXT_MAX)


def view_blocks(replies: Iterable[Reply]) -> list[Block]:
    """Several replies as one view (App Home): each a card, with dividers between them."""
    blocks: list[Block] = []
    for index, reply in enumerate(replies):
        if blocks:
            blocks.append({"type": "divider"})
        blocks.extend(reply_blocks(reply, index))
    return blocks[:VIEW_BLOCKS_MAX]


def chosen_blocks(blocks: list[Block], label: str) -> list[Block]:
    """A clicked message's blocks with its buttons replaced by a line saying what was chosen.

    Taking the buttons away once one was pressed keeps a second click from saving the same thing twice.
    """
    kept = [b for b in blocks if b.get("type") != "actions"]
    kept.append({"type": "context", "elements": [mrkdwn(f"✓ {escape(label)}")]})
    return kept[:MESSAGE_BLOCKS_MAX]


# --- Forms as modals -----------------------------------------------------------------------------


def _option(option: Option) -> dict[str, Any]:
    return {"text": plain(option.label, OPTION_TEXT_MAX), "value": option.value[:OPTION_VALUE_MAX]}


def _element(field: FormInput) -> dict[str, Any]:
    element: dict[str, Any] = {"action_id": FORM_VALUE_ACTION}
    if field.kind == "date":
        element["type"] = "datepicker"
        initial = iso_date(field.value)
        if initial:
            element["initial_date"] = initial
    elif field.kind == "select" and field.options:
        element["type"] = "static_select"
        element["options"] = [_option(o) for o in field.options[:OPTIONS_MAX]]
        chosen = next((o for o in field.options if o.value == field.value), None)
        if chosen is not None:
            element["initial_option"] = _option(chosen)
    elif field.kind == "number":
        element["type"] = "number_input"
        element["is_decimal_allowed"] = False
        if field.value and field.value.strip().lstrip("-").isdigit():
            element["initial_value"] = field.value.strip()
    else:
        element["type"] = "plain_text_input"
        element["multiline"] = field.kind == "multiline"
        if field.value:
            element["initial_value"] = field.value[:3000]
    return element


def form_view(form: Form, metadata: Mapping[str, Any], errors: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A form as a modal. Each input's block_id is its name; `metadata` rides along in private_metadata
    (the engine action to send on submit, and where the answers should be posted).

    `errors` ({input name: what is wrong}) are shown as the inputs' hints: a form sent back after its modal
    closed cannot use `response_action: errors`, and the person should still see what to mend, and where."""
    errors = errors or {}
    blocks: list[Block] = []
    for field in form.inputs[:VIEW_BLOCKS_MAX]:
        block: Block = {
            "type": "input",
            "block_id": field.name,
            "label": plain(field.label, 2000),
            "optional": not field.required,
            "element": _element(field),
        }
        hint = f"⚠️ {errors[field.name]}" if field.name in errors else field.hint
        if hint:
            block["hint"] = plain(hint, 2000)
        blocks.append(block)
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": plain(form.title, MODAL_TITLE_MAX),
        "submit": plain(form.submit_label, MODAL_TITLE_MAX),
        "private_metadata": json.dumps(dict(metadata), separators=(",", ":"))[:PRIVATE_METADATA_MAX],
        "blocks": blocks,
    }


def form_errors(replies: Iterable[Reply], view: Mapping[str, Any]) -> dict[str, str]:
    """{block_id: error} for a modal's `response_action: errors`, from a reply that sends the form back.

    Only inputs the open modal has can carry an error (Slack refuses the whole answer otherwise), and
    each is kept to a line's length, as it is shown under its input.
    """
    inputs = {block.get("block_id") for block in view.get("blocks") or [] if block.get("type") == "input"}
    for reply in replies:
        errors = {name: clip(text, ERROR_TEXT_MAX) for name, text in reply.form_errors.items() if name in inputs}
        if errors:
            return errors
    return {}


def form_values(state: Mapping[str, Any]) -> dict[str, str]:
    """A submitted modal's `view.state.values` as {input name: value}; an empty input gives ""."""
    values: dict[str, str] = {}
    for block_id, actions in state.items():
        entry = actions.get(FORM_VALUE_ACTION) if isinstance(actions, Mapping) else None
        if not isinstance(entry, Mapping):
            continue
        kind = entry.get("type")
        if kind == "datepicker":
            value = entry.get("selected_date")
        elif kind in {"static_select", "radio_buttons"}:
            option = entry.get("selected_option") or {}
            value = option.get("value")
        else:
            value = entry.get("value")
        values[block_id] = "" if value is None else str(value)
    return values


def pack_form(form: Form) -> str | None:
    """A form squeezed into a button value (≤ 2,000 characters), or None when it does not fit.

    Used when a form comes back where Slack gives no trigger to open a modal (a typed DM): the button
    carries the form itself, so opening it needs no server-side state and works on any instance.
    """
    raw = json.dumps(asdict(form), separators=(",", ":"), ensure_ascii=False).encode()
    packed = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode()
    return packed if len(packed) <= BUTTON_VALUE_MAX else None


def unpack_form(packed: str) -> Form:
    data = json.loads(zlib.decompress(base64.urlsafe_b64decode(packed.encode())))
    inputs = tuple(
        FormInput(**{**i, "options": tuple(Option(**o) for o in i.get("options", ()))}) for i in data["inputs"]
    )
    return Form(title=data["title"], submit_label=data["submit_label"], action=data["action"], inputs=inputs)


# --- Slack's markup in what people write -----------------------------------------------------------

_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")


def readable(text: str, bot_user_id: str | None = None) -> str:
    """What a person wrote, as plain text for the engine.

    Removes the bot's own @-mention, turns links and channel references into what the person saw, and
    undoes Slack's escaping of &, < and >. Mentions of people and @channel stay as Slack wrote them; they
    are escaped again whenever they are shown.
    """
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)

    def link(match: re.Match[str]) -> str:
        target, label = match[1], match[2]
        target = target.removeprefix("mailto:").removeprefix("tel:")
        if not label or label == target or target.endswith(label):
            return target
        return f"{label} ({target})"

    text = _LINK.sub(link, text)
    text = _CHANNEL.sub(lambda m: f"#{m[1]}", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]{2,}", " ", text).strip()
