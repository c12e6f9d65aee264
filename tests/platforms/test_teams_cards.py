"""`Reply` → Teams messages and card submits → engine input, without a network: the rendering rules."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from bot.messages import Button, Fact, Form, FormInput, Option, Reply
from bot.platforms import teams_cards as cards


def test_text_only_is_a_plain_message_and_the_rest_is_a_card() -> None:
    [plain] = cards.reply_messages(Reply("Hej Anna!"))
    assert plain == {"type": "message", "text": "Hej Anna!", "textFormat": "plain"}
    [card] = cards.reply_messages(Reply("Stämmer det här?", fields=[Fact("Var", "Freiburg")]))
    assert card["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"


def test_lines_stay_lines_and_a_blank_line_is_a_gap() -> None:
    body = cards.text_lines("Första raden\nAndra raden\n\nNytt stycke")
    assert [b["inlines"][0]["text"] for b in body] == ["Första raden", "Andra raden", "Nytt stycke"]
    assert [b.get("spacing") for b in body] == [None, "None", "Medium"]
    assert all(b["type"] == "RichTextBlock" for b in body)  # TextRuns: never read as Markdown


def test_markdown_in_facts_is_shown_as_typed() -> None:
    facts = cards.fact_set([Fact("Titel", "**Eurocities** [vaxjo.se](https://evil.example)"), Fact("Lista", "- a")])
    assert facts is not None
    assert facts["facts"][0]["value"] == r"\*\*Eurocities\*\* \[vaxjo.se\](https://evil.example)"
    assert facts["facts"][1]["value"] == r"\- a"
    assert cards.fact_set([Fact("Tom", "")])["facts"][0]["value"] == "–"  # type: ignore[index]


def test_buttons_carry_the_engine_value_and_their_style() -> None:
    [message] = cards.reply_messages(
        Reply("?", buttons=[Button("Spara", "log_activity:save", "primary"), Button("Radera", "x:delete", "danger")])
    )
    actions = message["attachments"][0]["content"]["actions"]
    assert [(a["title"], a["data"][cards.ACTION_KEY], a.get("style")) for a in actions] == [
        ("Spara", "log_activity:save", "positive"),
        ("Radera", "x:delete", "destructive"),
    ]


def test_many_buttons_become_rows_in_the_card() -> None:
    units = [Button(f"Enhet {n}", f"report:unit:{n}") for n in range(12)]
    content = cards.reply_messages(Reply("Vilken enhet?", buttons=units))[0]["attachments"][0]["content"]
    rows = [b for b in content["body"] if b["type"] == "ActionSet"]
    assert "actions" not in content and [len(r["actions"]) for r in rows] == [5, 5, 2]


def test_a_long_answer_is_split_into_messages_teams_accepts() -> None:
    text = "\n".join(f"Rad {n}: " + "ord " * 40 for n in range(400))
    plain = cards.reply_messages(Reply(text))
    with_card = cards.reply_messages(Reply(text, title="Rapport", buttons=[Button("OK", "x:ok")]))
    for messages in (plain, with_card):
        assert len(messages) > 1
        assert all(cards.utf16_size(m) < cards.MESSAGE_BYTES_MAX for m in messages)
    # Nothing lost, the title first and the buttons last.
    assert "".join(m["text"] for m in plain).replace("\n", "") == text.strip().replace("\n", "")
    assert "actions" in with_card[-1]["attachments"][0]["content"]
    assert "actions" not in with_card[0]["attachments"][0]["content"]
    one_huge_line = cards.reply_messages(Reply("x" * 100_000, title="T"))
    assert all(cards.utf16_size(m) < cards.MESSAGE_BYTES_MAX for m in one_huge_line)


FORM = Form(
    title="Logga aktivitet",
    submit_label="Fortsätt",
    action="log_activity:submit",
    inputs=(
        FormInput("title", "Vad gjorde du?", value="Eurocities", required=True),
        FormInput("start_date", "Datum", kind="date", value="2026-11-12", hint="Första dagen"),
        FormInput("kind", "Typ", kind="select", value="conference", options=(Option("Konferens", "conference"),)),
        FormInput("participants", "Antal", kind="number", value="3"),
        FormInput("results", "Resultat", kind="multiline"),
    ),
)


def test_a_form_is_a_card_with_prefilled_inputs_and_one_submit() -> None:
    content = cards.reply_messages(Reply("Fyll i formuläret.", form=FORM))[0]["attachments"][0]["content"]
    inputs = {e["id"]: e for e in content["body"] if e["type"].startswith("Input.")}
    assert inputs["title"]["value"] == "Eurocities" and inputs["title"]["isRequired"] is True
    assert inputs["start_date"] == {
        "id": "start_date",
        "label": "Datum",
        "isRequired": False,
        "type": "Input.Date",
        "value": "2026-11-12",
    }
    assert inputs["kind"]["value"] == "conference" and inputs["participants"]["value"] == 3
    assert inputs["results"]["isMultiline"] is True
    assert content["actions"] == [
        {
            "type": "Action.Submit",
            "title": "Fortsätt",
            "style": "positive",
            "data": {cards.FORM_KEY: "log_activity:submit", cards.LABEL_KEY: "Fortsätt"},
        }
    ]


def test_submits_become_engine_input_and_anything_else_is_text() -> None:
    assert cards.submission({cards.ACTION_KEY: "log_activity:save", cards.LABEL_KEY: "Spara"}) == cards.Submission(
        "log_activity:save", "Spara"
    )
    form = cards.submission(
        {cards.FORM_KEY: "log_activity:submit", cards.LABEL_KEY: "Fortsätt", "title": "X", "participants": 3.0}
    )
    assert form == cards.Submission("log_activity:submit", "Fortsätt", {"title": "X", "participants": "3"})
    assert cards.submission(None) is None
    assert cards.submission({"something": "else"}) is None
    assert cards.submission("a string") is None


def test_a_pressed_card_keeps_its_content_and_loses_its_buttons() -> None:
    content = cards.reply_messages(Reply("Fyll i.", form=FORM, buttons=[Button("Avbryt", "x:cancel")]))[0]
    chosen = cards.chosen_card(
        content["attachments"][0]["content"], "Fortsätt", {"title": "Eurocities", "kind": "conference"}
    )
    assert "actions" not in chosen
    facts = next(b for b in chosen["body"] if b["type"] == "FactSet")["facts"]
    assert {"title": "Typ", "value": "Konferens"} in facts and {"title": "Antal", "value": "–"} in facts
    assert chosen["body"][-1]["inlines"][0]["text"] == "✓ Fortsätt"
    assert not cards.has_actions(chosen)


def test_the_bots_mention_is_removed_and_others_show_as_names() -> None:
    text = "<at>Utblick</at> fråga <at>Bo Ek</at> om resan"
    assert cards.readable(text, "<at>Utblick</at>") == "fråga Bo Ek om resan"


def test_the_mock_connector_refuses_a_card_teams_would_refuse() -> None:
    """Every card the tests send goes through the mock, which checks it against Microsoft's schema."""
    from tests.mock_teams_connector import MockConnector

    connector = MockConnector().start()
    try:
        broken = {"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
                                                      "content": {"type": "AdaptiveCard", "version": "1.4",
                                                                  "body": [{"type": "TextBlock"}]}}]}  # fmt: skip
        good = cards.reply_messages(Reply("Hej", title="Rubrik", buttons=[Button("Ja", "x:yes")]))[0]
        statuses = []
        for body in (broken, good):
            request = urllib.request.Request(f"{connector.url}v3/conversations/a:1/activities", method="POST",
                                             data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"})  # fmt: skip
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
        assert statuses == [400, 201]
    finally:
        connector.stop()
