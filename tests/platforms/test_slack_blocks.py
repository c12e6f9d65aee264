"""Block Kit rendering and reading Slack's markup: pure functions, checked against Slack's limits."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from bot.messages import Button, Fact, Form, FormInput, Option, Reply
from bot.platforms import slack_blocks as kit
from tests.mock_slack_api import blocks_problem


def test_a_summary_card_has_a_header_text_fields_and_buttons() -> None:
    reply = Reply(
        "Stämmer det här?",
        title="Konferens i Bryssel",
        fields=[Fact("Datum", "12 november 2026"), Fact("Resa", "Tåg")],
        buttons=[Button("Spara", "log_activity:save", style="primary"), Button("Avbryt", "log_activity:cancel")],
    )
    header, text, fields, actions = kit.reply_blocks(reply)
    assert header == {"type": "header", "text": {"type": "plain_text", "text": "Konferens i Bryssel", "emoji": True}}
    assert text["text"] == {"type": "mrkdwn", "text": "Stämmer det här?"}
    assert [f["text"] for f in fields["fields"]] == ["*Datum*\n12 november 2026", "*Resa*\nTåg"]
    save, cancel = actions["elements"]
    assert (save["value"], save["style"], cancel["value"]) == ("log_activity:save", "primary", "log_activity:cancel")
    assert "style" not in cancel
    assert save["action_id"] != cancel["action_id"]


@given(st.text(alphabet=st.sampled_from("<>&!@#|abc \n"), max_size=200))
def test_escaped_text_never_contains_slack_control_sequences(text: str) -> None:
    escaped = kit.escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert escaped.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") == text


def test_a_long_answer_is_split_into_sections_slack_accepts() -> None:
    paragraph = "Strategin säger att internationellt arbete ska bidra till kommunens mål. " * 20
    blocks = kit.text_blocks("\n".join([paragraph] * 10))
    assert len(blocks) > 1
    assert all(len(b["text"]["text"]) <= kit.SECTION_TEXT_MAX for b in blocks)
    assert "".join(b["text"]["text"] for b in blocks).replace("\n", "") == (paragraph * 10).strip()


def test_many_fields_and_buttons_are_spread_over_blocks_within_the_limits() -> None:
    reply = Reply(
        "Många",
        fields=[Fact(f"Fält {i}", str(i)) for i in range(23)],
        buttons=[Button(f"Val {i} " + "x" * 100, f"v:{i}") for i in range(30)],
    )
    blocks = kit.reply_blocks(reply)
    assert [len(b["fields"]) for b in blocks if "fields" in b] == [10, 10, 3]
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [25, 5]
    assert all(len(e["text"]["text"]) <= kit.BUTTON_TEXT_MAX for b in actions for e in b["elements"])
    assert len({e["action_id"] for b in actions for e in b["elements"]}) == 30


FORM = Form(
    title="Logga internationell aktivitet",
    submit_label="Spara",
    action="log_activity:submit",
    inputs=(
        FormInput("title", "Vad?", value="Eurocities", required=True),
        FormInput("start_date", "Datum", kind="date", value="2026-11-12"),
        FormInput("end_date", "Slutdatum", kind="date", value="nästa tisdag"),
        FormInput("kind", "Typ", kind="select", value="conference", options=(Option("Konferens", "conference"),)),
        FormInput("participants", "Antal", kind="number", value="3"),
        FormInput("results", "Resultat", kind="multiline", hint="Vad ledde det till?"),
    ),
)


def test_a_form_becomes_a_modal_prefilled_with_what_the_engine_understood() -> None:
    view = kit.form_view(FORM, {"action": FORM.action, "channel": "D1"})
    assert view["title"]["text"] == "Logga internationell ak…"  # Slack allows 24 characters
    assert len(view["title"]["text"]) <= kit.MODAL_TITLE_MAX
    assert json.loads(view["private_metadata"]) == {"action": "log_activity:submit", "channel": "D1"}
    by_name = {b["block_id"]: b for b in view["blocks"]}
    assert by_name["title"]["element"]["initial_value"] == "Eurocities" and not by_name["title"]["optional"]
    assert by_name["start_date"]["element"] == {
        "action_id": "value",
        "type": "datepicker",
        "initial_date": "2026-11-12",
    }
    assert "initial_date" not in by_name["end_date"]["element"]  # not a date Slack could show
    assert by_name["kind"]["element"]["initial_option"]["value"] == "conference"
    assert by_name["participants"]["element"]["type"] == "number_input"
    assert by_name["results"]["element"]["multiline"] is True
    assert by_name["results"]["hint"]["text"] == "Vad ledde det till?"


def test_submitted_values_come_back_by_input_name() -> None:
    state = {
        "title": {"value": {"type": "plain_text_input", "value": "Eurocities"}},
        "start_date": {"value": {"type": "datepicker", "selected_date": "2026-11-12"}},
        "kind": {"value": {"type": "static_select", "selected_option": {"value": "conference"}}},
        "results": {"value": {"type": "plain_text_input", "value": None}},
    }
    assert kit.form_values(state) == {
        "title": "Eurocities",
        "start_date": "2026-11-12",
        "kind": "conference",
        "results": "",
    }


def test_a_form_fits_in_a_button_and_comes_back_whole() -> None:
    packed = kit.pack_form(FORM)
    assert packed is not None and len(packed) <= kit.BUTTON_VALUE_MAX
    assert kit.unpack_form(packed) == FORM


def test_slack_markup_is_read_as_what_the_person_saw() -> None:
    said = (
        "<@W111> Vi var på <https://eurocities.eu|Eurocities> &amp; i <#C123|internationellt>"
        " – mejla <mailto:a@b.se|a@b.se>"
    )
    assert kit.readable(said, bot_user_id="W111") == (
        "Vi var på Eurocities (https://eurocities.eu) & i #internationellt – mejla a@b.se"
    )
    assert kit.readable("&lt;!channel&gt; <!channel> <@U2>") == "<!channel> <!channel> <@U2>"


def test_a_pressed_button_is_replaced_by_what_was_chosen() -> None:
    blocks = kit.reply_blocks(Reply("Stämmer det?", buttons=[Button("Spara", "x:save")]))
    chosen = kit.chosen_blocks(blocks, "Spara <3")
    assert [b["type"] for b in chosen] == ["section", "context"]
    assert chosen[-1]["elements"][0]["text"] == "✓ Spara &lt;3"


def test_a_card_with_long_results_in_every_field_is_posted_in_messages_slack_accepts() -> None:
    results = "Två städer vill söka Kreativa Europa med oss, och nämnden antog en handlingsplan. " * 20
    reply = Reply("Din enhet – 2026", fields=[Fact(f"Projekt {n}", results) for n in range(1, 11)])
    blocks = kit.reply_blocks(reply)
    assert all(kit.text_length(b) <= kit.SECTION_TEXT_MAX for b in blocks)
    pieces = kit.messages(blocks)
    assert [blocks_problem(piece) for piece in pieces] == [None] * len(pieces)
    assert [b for piece in pieces for b in piece] == blocks  # nothing left out, nothing moved


def test_a_long_value_goes_on_in_further_fields_and_no_cut_falls_inside_an_escape() -> None:
    results = ("Avtal med Gent & Tartu <2027>, " * 200).strip()  # about 6,000 characters, & and < throughout
    blocks = kit.reply_blocks(Reply("Sparat!", fields=[Fact("Resultat", results), Fact("Plats", "Gent")]))
    fields = [f["text"] for b in blocks for f in b.get("fields") or []]
    assert all(len(text) <= kit.FIELD_TEXT_MAX for text in fields)
    pieces = [text.removeprefix("*Resultat*\n") for text in fields if text.startswith("*Resultat*")]
    assert len(pieces) >= 4 and fields[-1] == "*Plats*\nGent"
    unescaped = "".join(p.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for p in pieces)
    assert unescaped.replace("\n", "") == results  # nothing lost
    for piece in pieces:
        assert not re.search(r"&(?!amp;|lt;|gt;)", piece)  # every & begins a whole entity
    assert blocks_problem(blocks) is None  # and Slack takes the message


def test_formatting_a_person_types_in_slack_is_kept_and_markup_is_not() -> None:
    [block] = kit.text_blocks("Projekt *Grön* omställning med `kod` och <!channel> & _kursiv_")
    assert block["text"]["text"] == "Projekt *Grön* omställning med `kod` och &lt;!channel&gt; &amp; _kursiv_"


def test_every_form_title_the_bot_uses_fits_a_slack_modal() -> None:
    from bot.i18n import Translator

    for language in ("sv", "en"):
        assert len(Translator(language)("log_activity.form.title")) <= kit.MODAL_TITLE_MAX
