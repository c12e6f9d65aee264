"""The Teams endpoint through the real Microsoft 365 Agents SDK and real HTTP: Bot Framework activities in,
the replies and cards the bot sends recorded on a mock connector service (the activities' serviceUrl).

Each test reads as what a person does in Teams and what Teams is then asked to show them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from bot.actions import Action
from bot.app import App
from bot.context import Context, Turn
from bot.conversation import action_codec
from bot.messages import Button, Fact, Message, Reply
from bot.platforms import teams_cards
from bot.registry import Capability
from storage.db import Database
from storage.models import Activity, Dialogue, OrgUnit, Person, ProcessedEvent, TeamsConversation
from tests.mock_teams_connector import ANNA_AAD, ANNA_CHAT, ANNA_ID, BOT_ID, Call, MockConnector
from tests.mock_teams_connector import activity as teams_activity
from tests.platforms.conftest import TeamsHarness
from tests.platforms.stand_ins import ECHO, LOG_ACTIVITY
from tests.support import meaning

Start = Callable[..., TeamsHarness]


def shown(call: Call) -> str:
    """Everything a person would read in a sent message: its text, or its cards' texts, facts and buttons."""
    out = [str((call.body or {}).get("text") or "")]
    for content in call.cards:
        out.extend(_card_texts(content.get("body") or []))
        out.extend(a["title"] for a in content.get("actions") or [])
    return "\n".join(part for part in out if part)


def _card_texts(elements: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for element in elements:
        kind = element.get("type")
        if kind == "RichTextBlock":
            out.append("".join(run["text"] for run in element["inlines"]))
        elif kind == "TextBlock":
            out.append(element["text"])
        elif kind == "FactSet":
            out.extend(f"{fact['title']}: {fact['value']}" for fact in element["facts"])
        elif kind == "ActionSet":
            out.extend(a["title"] for a in element["actions"])
        elif str(kind).startswith("Input."):
            out.append(element.get("label", ""))
    return out


def buttons(call: Call) -> dict[str, str]:
    """{title: engine value} of a sent card's buttons."""
    content = call.cards[0]
    actions = list(content.get("actions") or [])
    actions += [a for b in content.get("body") or [] if b.get("type") == "ActionSet" for a in b["actions"]]
    return {
        a["title"]: meaning(a["data"].get(teams_cards.ACTION_KEY) or a["data"].get(teams_cards.FORM_KEY))
        for a in actions
    }


def activities(app: App) -> list[Activity]:
    with app.database.session_scope() as session:
        return list(session.scalars(select(Activity)))


# --- A personal chat -------------------------------------------------------------------------------------------


def test_a_personal_message_is_answered_in_that_chat_by_first_name(
    teams: TeamsHarness, connector: MockConnector
) -> None:
    assert teams.say("hej").status == 202
    [answer] = connector.sent()
    assert answer.conversation == ANNA_CHAT
    assert answer.body["from"]["id"] == BOT_ID and answer.body["recipient"]["id"] == ANNA_ID
    assert answer.body["textFormat"] == "plain"  # shown as written, never as Markdown
    assert "Hej Anna!" in shown(answer)


def test_the_person_is_known_by_aad_id_with_the_email_from_the_roster_asked_once(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    teams.say("hej")
    teams.say("hej igen")
    assert len(connector.sent()) == 2
    assert [c.activity_id for c in connector.calls_to("member")] == [ANNA_ID]
    with app.database.session_scope() as session:
        anna = session.scalars(select(Person).where(Person.teams_aad_id == ANNA_AAD)).one()
        assert (anna.display_name, anna.email, anna.timezone, anna.language) == (
            "Anna Berg",
            "anna.berg@vaxjo.se",
            "Europe/Stockholm",
            "sv",
        )


def test_a_contact_imported_by_email_is_the_same_person_when_they_first_write(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    with app.database.session_scope() as session:
        session.add(Person(display_name="Anna Berg", email="anna.berg@vaxjo.se"))
    teams.say("hej")
    with app.database.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1
        assert session.scalars(select(Person)).one().teams_aad_id == ANNA_AAD


def test_someone_the_roster_does_not_know_is_still_answered(teams: TeamsHarness, connector: MockConnector) -> None:
    stranger = {"id": "29:stranger", "name": "Okänd Person", "aadObjectId": "00000000-0000-0000-0000-00000000beef"}
    teams.post(teams_activity(connector.url, "hej", **{"from": stranger}))
    assert connector.calls_to("member")[0].activity_id == "29:stranger"
    assert "Hej Okänd!" in shown(connector.sent()[0])


def test_a_logging_dialogue_ends_with_the_activity_saved(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    teams.say("Study visit to Freiburg week 38 by train")
    [card] = connector.sent()
    assert card.body["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card.cards[0]["version"] == "1.4"
    assert "Is this right?" in shown(card) and "Freiburg, Germany" in shown(card)
    assert buttons(card) == {
        "Save": "log_activity:save",
        "Change": "log_activity:change",
        "Cancel": "log_activity:cancel",
    }
    assert card.body["summary"]  # what the notification shows instead of "Card"
    assert activities(app) == []

    assert teams.press(card, "Save").status == 202
    saved = connector.sent()[1]
    assert "Saved! “Study visit in Freiburg”" in shown(saved)
    [activity] = activities(app)
    assert (activity.kind, activity.city, activity.country, activity.travel_mode) == (
        "study_visit",
        "Freiburg",
        "DE",
        "train",
    )
    with app.database.session_scope() as session:
        assert session.get(Person, activity.logged_by_id).teams_aad_id == ANNA_AAD  # type: ignore[union-attr]

    # The card loses its buttons, so the same activity cannot be saved twice by a second click.
    [update] = connector.calls_to("update")
    assert update.activity_id == card.activity_id
    assert update.cards[0].get("actions") is None
    assert "✓ Save" in shown(update) and "Freiburg, Germany" in shown(update)


def test_a_question_gets_the_cited_answer(teams: TeamsHarness, connector: MockConnector) -> None:
    teams.say("Måste flygresor klimatkompenseras?")
    answer = "\n".join(shown(call) for call in connector.sent())
    assert "klimatkompenseras" in answer and "Hållbart synsätt" in answer


def test_a_form_is_a_card_with_inputs_and_its_submission_is_saved(
    start_teams: Start, connector: MockConnector, app: App
) -> None:
    teams = start_teams(LOG_ACTIVITY)
    teams.say(
        "", value={teams_cards.ACTION_KEY: teams.sign("log_activity:form"), teams_cards.LABEL_KEY: "Logga aktivitet"}
    )
    [form] = connector.sent()
    inputs = {e["id"]: e["type"] for e in form.cards[0]["body"] if e["type"].startswith("Input.")}
    assert inputs == {"title": "Input.Text", "start_date": "Input.Date", "kind": "Input.ChoiceSet"}
    kinds = next(e for e in form.cards[0]["body"] if e.get("id") == "kind")["choices"]
    assert {"title": "Studiebesök", "value": "study_visit"} in kinds
    assert buttons(form) == {"Fortsätt": "log_activity:submit"}

    teams.press(
        form, "Fortsätt", values={"title": "Eurocities årsmöte", "start_date": "2026-11-12", "kind": "network_meeting"}
    )
    summary = connector.sent()[1]
    assert "Eurocities årsmöte" in shown(summary) and "2026-11-12" in shown(summary)
    # The submitted form shows the answers given instead of inputs nobody should send twice.
    [update] = connector.calls_to("update")
    assert "Typ: Nätverksmöte" in shown(update) and not any(
        e["type"].startswith("Input.") for e in update.cards[0]["body"]
    )

    teams.press(summary, "Spara")
    [activity] = activities(app)
    assert (activity.title, activity.kind, str(activity.start_date)) == (
        "Eurocities årsmöte",
        "network_meeting",
        "2026-11-12",
    )


def test_a_form_whose_end_date_is_before_its_start_comes_back_filled_in_with_what_to_mend(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    teams.say(
        "", value={teams_cards.ACTION_KEY: teams.sign("log_activity:form"), teams_cards.LABEL_KEY: "Logga aktivitet"}
    )
    [form] = connector.sent()
    typed = {"kind": "conference", "start_date": "2026-10-08", "end_date": "2026-10-06", "city": "Rotterdam",
             "travel_mode": "train"}  # fmt: skip
    teams.press(form, "Spara", values={**typed, "description": "Om cirkulär upphandling"})
    again = connector.sent()[1]
    assert "Slutdatumet ligger före startdatumet. Ändra något av dem." in shown(again)
    filled = {e["id"]: e.get("value") for e in again.cards[0]["body"] if e["type"].startswith("Input.")}
    assert {name: filled[name] for name in typed} == typed
    assert filled["description"] == "Om cirkulär upphandling"
    assert activities(app) == []

    teams.press(again, "Spara", values={**typed, "end_date": "2026-10-09"})
    assert "Sparat!" in shown(connector.sent()[2])
    [activity] = activities(app)
    assert (str(activity.start_date), str(activity.end_date)) == ("2026-10-08", "2026-10-09")


def test_a_card_with_fields_the_register_cannot_hold_comes_back_with_what_to_mend(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    teams.say(
        "", value={teams_cards.ACTION_KEY: teams.sign("log_activity:form"), teams_cards.LABEL_KEY: "Logga aktivitet"}
    )
    [form] = connector.sent()
    typed = {"kind": "conference", "title": "Konferens\u0000 i \u202eBryssel", "start_date": "2026-10-08",
             "city": "B" * 500, "programme": "P" * 300, "travel_mode": "train"}  # fmt: skip
    teams.press(form, "Spara", values=typed)
    again = connector.sent()[1]
    assert "Högst 120 tecken (nu 500)." in shown(again) and "Högst 200 tecken (nu 300)." in shown(again)
    filled = {e["id"]: e.get("value") for e in again.cards[0]["body"] if e["type"].startswith("Input.")}
    assert filled["city"] == "B" * 500 and filled["title"] == "Konferens i Bryssel"
    assert activities(app) == []
    teams.press(again, "Spara", values={**typed, "city": "Bryssel", "programme": "Horisont Europa"})
    assert "Sparat!" in shown(connector.sent()[2])
    [activity] = activities(app)
    assert (activity.title, activity.city) == ("Konferens i Bryssel", "Bryssel")


def test_what_a_person_types_is_shown_not_rendered(start_teams: Start, connector: MockConnector) -> None:
    teams = start_teams(ECHO)
    teams.say("**fet** [vaxjo.se](https://evil.example/x) <b>hej</b>")
    [echo] = connector.sent()
    assert echo.body["textFormat"] == "plain"
    assert echo.body["text"] == "Du skrev: **fet** [vaxjo.se](https://evil.example/x) <b>hej</b>"


def test_a_very_long_message_gets_a_polite_answer_and_nothing_is_stored(
    start_teams: Start, connector: MockConnector, app: App
) -> None:
    teams = start_teams(LOG_ACTIVITY)
    teams.say("konferens " * 4999 + "konferens!")  # 50,000 characters
    assert "väldigt långt (50\u00a0000 tecken)" in shown(connector.sent()[0])
    assert activities(app) == []


def test_a_card_too_big_for_one_teams_message_is_sent_in_parts_teams_accepts(
    start_teams: Start, connector: MockConnector
) -> None:
    # An activity card whose description and results were pasted in at length: about 90 KB as UTF-16.
    results = "Nätverket växte med tre städer – *Gdańsk*, Tartu och Kaunas – och vi söker Kreativa Europa. " * 100
    fields = [Fact("Rubrik", "Culture Summit"), Fact("Beskrivning", results), Fact("Resultat", results)]

    def card(message: Message, ctx: Context) -> Turn:
        reply = Reply("Så här ser den ut:", title="Culture Summit", fields=fields, buttons=[Button("Ändra", "x:edit")])
        return Turn([reply])

    teams = start_teams(Capability(name="card", handle=card, intents=("card",), recognise=lambda text: 0.99))
    teams.say("visa kortet")
    sent = connector.sent()
    assert len(sent) > 1
    assert all(teams_cards.utf16_size(call.body) <= 40 * 1024 for call in sent)  # none refused with 413
    facts = [fact for call in sent for e in call.cards[0]["body"] if e["type"] == "FactSet" for fact in e["facts"]]
    assert [fact["title"] for fact in facts][:2] == ["Rubrik", "Beskrivning"]
    shown_results = "".join(fact["value"] for fact in facts if fact["title"] == "Resultat")
    assert shown_results == teams_cards.escape_markdown(results)  # all of it, in order, still escaped
    assert buttons(sent[-1]) == {"Ändra": "x:edit"} and all(not teams_cards.has_actions(c.cards[0]) for c in sent[:-1])


def test_a_contact_person_mends_a_colleagues_activity_with_the_unit_lists_buttons(
    teams: TeamsHarness, connector: MockConnector, app: App, seeded: dict[str, Any]
) -> None:
    teams.say("enhetens aktiviteter")
    assert "Aktiviteter 2026 för Kultur- och fritidsförvaltningen (14 st.)" in shown(connector.sent()[0])
    teams.say("visa 2")
    card = connector.sent()[1]
    assert buttons(card)["Radera"].startswith("unit_activities:delete:")

    teams.press(card, "Radera")
    ask = connector.sent()[2]
    assert "Vill du radera ”Culture Summit”" in shown(ask)
    [pressed] = connector.calls_to("update")  # the pressed card loses its buttons
    assert pressed.activity_id == card.activity_id and not teams_cards.has_actions(pressed.cards[0])
    assert "✓ Radera" in shown(pressed)
    teams.press(ask, "Ja, radera")
    assert "Raderad: ”Culture Summit”" in shown(connector.sent()[3])
    assert "Culture Summit" not in [a.title for a in activities(app)]


def test_ninety_units_to_choose_from_fit_one_drop_down_that_teams_accepts(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    with app.database.session_scope() as session:
        session.add(Person(display_name="Anna Berg", teams_aad_id=ANNA_AAD, is_admin=True))
        session.add_all(OrgUnit(name=f"Förvaltning nummer {n:02d} för samhällsbyggnad och service",
                                kind="forvaltning", aliases=[]) for n in range(1, 91))  # fmt: skip
    teams.say("enhetens aktiviteter")
    question, choice = connector.sent()
    assert "Vilken förvaltnings eller vilket bolags aktiviteter 2026 vill du se?" in shown(question)
    [dropdown] = [i for b in choice.cards[0]["body"] for i in b.get("items", []) if i["type"] == "Input.ChoiceSet"]
    assert len(dropdown["choices"]) == 90
    unit_45 = next(c["value"] for c in dropdown["choices"] if "nummer 45" in c["title"])

    teams.press(choice, "OK", values={teams_cards.CHOICE_KEY: unit_45})
    assert "Förvaltning nummer 45 för samhällsbyggnad och service" in shown(connector.sent()[2])
    [pressed] = connector.calls_to("update")
    assert "✓ Förvaltning nummer 45" in shown(pressed) and not teams_cards.has_actions(pressed.cards[0])


def test_a_card_teams_refuses_as_too_large_is_sent_again_as_text(start_teams: Start, connector: MockConnector) -> None:
    def card(message: Message, ctx: Context) -> Turn:
        return Turn([Reply("Tre saker att veta.", title="Viktigt", fields=[Fact("Första", "ett")],
                           buttons=[Button("Okej", "card:ok")])])  # fmt: skip

    teams = start_teams(Capability(name="card", handle=card, intents=("card",), recognise=lambda t: 0.9))
    connector.fail_next("send", 413)
    teams.say("visa kortet")
    refused, text = connector.calls_to("send")[-2:]
    assert refused.cards and text.body["text"] == "Viktigt\nTre saker att veta.\nFörsta: ett"


# --- Channels and installation -------------------------------------------------------------------------------


def test_a_mention_in_a_channel_is_answered_there_without_the_mention(
    start_teams: Start, connector: MockConnector, app: App
) -> None:
    teams = start_teams(ECHO)
    channel = {"id": "19:general@thread.tacv2;messageid=1700000000001", "conversationType": "channel"}
    mention = {
        "type": "mention",
        "mentioned": {"id": BOT_ID, "name": "Utblick"},
        "text": "<at>Utblick</at>",
    }
    teams.say("<at>Utblick</at> Ping från kanalen", conversation=channel, entities=[mention])
    [answer] = connector.sent()
    assert answer.conversation == channel["id"]
    assert answer.body["text"] == "Du skrev: Ping från kanalen"
    with app.database.session_scope() as session:  # a channel is no way to reach Anna in private
        assert session.scalars(select(TeamsConversation)).all() == []


CHANNEL = {"id": "19:general@thread.tacv2;messageid=1700000000001", "conversationType": "channel"}
MENTION = {"type": "mention", "mentioned": {"id": BOT_ID, "name": "Utblick"}, "text": "<at>Utblick</at>"}


def test_my_activities_asked_in_a_channel_are_answered_in_the_personal_chat(
    teams: TeamsHarness, connector: MockConnector
) -> None:
    teams.say("hej")  # Anna has a personal chat with the bot
    teams.say("<at>Utblick</at> mina aktiviteter", conversation=CHANNEL, entities=[MENTION])
    greeting, private, pointer = connector.sent()
    assert private.conversation == ANNA_CHAT and "Du har inte loggat något ännu" in private.body["text"]
    assert pointer.conversation == CHANNEL["id"]
    assert pointer.body["text"] == "Det gäller dina egna uppgifter, så jag har svarat dig i vår privata chatt."


def test_without_a_personal_chat_nothing_personal_is_shown_in_the_channel(
    teams: TeamsHarness, connector: MockConnector
) -> None:
    teams.say("<at>Utblick</at> mina uppgifter", conversation=CHANNEL, entities=[MENTION])
    [answer] = connector.sent()
    assert answer.conversation == CHANNEL["id"]
    assert answer.body["text"].startswith("Det gäller dina egna uppgifter, så jag visar dem bara i en privat chatt")
    assert connector.calls_to("upload") == [] and "anna.berg" not in json.dumps(answer.body)


def test_a_bare_mention_or_an_empty_message_gets_a_pointer_to_help_not_silence(
    teams: TeamsHarness, connector: MockConnector
) -> None:
    group = {"id": "19:3f2a@thread.v2", "conversationType": "groupChat", "isGroup": True}
    mention = {"type": "mention", "mentioned": {"id": BOT_ID, "name": "Utblick"}, "text": "<at>Utblick</at>"}
    teams.say("<at>Utblick</at>\n", conversation=group, entities=[mention])
    teams.say("")  # e.g. only a picture pasted in the personal chat
    in_group, personal = connector.sent()
    assert (in_group.conversation, personal.conversation) == (group["id"], ANNA_CHAT)
    for answer in (in_group, personal):
        assert "”hjälp”" in answer.body["text"] and "<at>" not in answer.body["text"]


def test_installing_the_app_keeps_the_way_to_reach_the_person_and_says_nothing(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    update = teams_activity(
        connector.url,
        type="conversationUpdate",
        membersAdded=[{"id": BOT_ID}],
    )
    del update["text"]
    assert teams.post(update).status == 202
    assert connector.sent() == []
    with app.database.session_scope() as session:
        [row] = session.scalars(select(TeamsConversation)).all()
        assert (row.conversation_id, row.service_url, row.tenant_id) == (
            ANNA_CHAT,
            connector.url,
            update["channelData"]["tenant"]["id"],
        )
        assert row.person.teams_aad_id == ANNA_AAD and row.person.email == "anna.berg@vaxjo.se"
        assert row.reference["bot"]["id"] == BOT_ID and "activityId" not in row.reference


def test_the_reference_is_written_once_not_at_every_message(
    teams: TeamsHarness, connector: MockConnector, app: App
) -> None:
    teams.say("hej")
    with app.database.session_scope() as session:
        first = session.scalars(select(TeamsConversation)).one().updated_at
    teams.say("hej igen")
    with app.database.session_scope() as session:
        assert session.scalars(select(TeamsConversation)).one().updated_at == first


# --- Reliability and security ------------------------------------------------------------------------------------


def test_a_redelivered_activity_is_answered_once(start_teams: Start, connector: MockConnector, app: App) -> None:
    teams = start_teams(LOG_ACTIVITY)
    message = teams_activity(connector.url, "Jag var på konferens i Lund")
    teams.post(message)
    teams.post(message)
    assert len(connector.sent()) == 1
    with app.database.session_scope() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1
        assert session.scalar(select(func.count()).select_from(Dialogue)) == 1


def test_a_rate_limited_reply_is_sent_again_after_retry_after(teams: TeamsHarness, connector: MockConnector) -> None:
    connector.fail_next("send", 429, {"Retry-After": "0"})
    teams.say("hej")
    first, second = connector.calls_to("send")
    assert first.body == second.body
    assert "Hej Anna!" in shown(second)


def test_a_card_value_edited_in_the_client_is_refused(teams: TeamsHarness, connector: MockConnector) -> None:
    edited = {teams_cards.ACTION_KEY: "personal_data:erase_yes", teams_cards.LABEL_KEY: "Ja, radera"}
    teams.say("", value=edited)
    assert "Den knappen känner jag inte igen" in shown(connector.sent()[0])


def test_when_the_database_is_down_people_are_told_and_the_buttons_stay(
    start_teams: Start, connector: MockConnector, app: App
) -> None:
    down = Database("postgresql://utblick@127.0.0.1:9/none", connect_args={"connect_timeout": 1})
    teams = start_teams(LOG_ACTIVITY, database=down)
    teams.say("Jag var på konferens i Lund")
    assert "Jag kommer inte åt min databas just nu, så inget har sparats" in shown(connector.sent()[0])

    card = teams_cards.reply_messages(
        Reply("Stämmer det här?", buttons=[Button("Spara", Action.of("log_activity:save"))]),
        action_codec(app.database).encode,  # sent while the database was up
    )[0]
    sent = Call("send", ANNA_CHAT, card, {}, activity_id="1:99")
    teams.adapter.cards.remember(ANNA_CHAT, "1:99", card["attachments"][0]["content"])
    teams.press(sent, "Spara")
    assert len(connector.sent()) == 2
    assert connector.calls_to("update") == []  # the card keeps its button, to be pressed again later


def test_not_a_bot_framework_activity_is_a_400(teams: TeamsHarness, connector: MockConnector) -> None:
    assert teams.post({}, raw=b"not json").status == 400
    assert teams.post({"type": "message"}).status == 400  # no conversation
    assert teams.post({"type": 7, "conversation": "x"}).status == 400
    assert connector.calls == []


def test_in_local_mode_a_token_is_neither_needed_nor_sent(teams: TeamsHarness, connector: MockConnector) -> None:
    teams.say("hej")
    assert "authorization" not in connector.sent()[0].headers


def test_json_of_the_cards_fits_teams_limit_for_the_longest_answer(
    teams: TeamsHarness, connector: MockConnector
) -> None:
    teams.say("hjälp")
    for call in connector.sent():
        assert teams_cards.utf16_size(call.body) < teams_cards.MESSAGE_BYTES_MAX
        json.dumps(call.body)  # and it is JSON all the way down


def test_local_mode_answers_only_this_machine() -> None:
    from bot.platforms.teams import _loopback

    assert _loopback("127.0.0.1") and _loopback("::1") and _loopback("127.0.1.1")
    assert not _loopback("10.0.0.7") and not _loopback("192.0.2.10") and not _loopback(None) and not _loopback("x")
