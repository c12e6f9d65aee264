"""The settings of strategy answers: the coordinator and the optional model, validated with a clear line."""

from __future__ import annotations

import pytest

from bot.config import ConfigurationError, load_settings


@pytest.mark.parametrize("value", ["eva.ek@vaxjo.se", "#internationellt", "C0123ABCD", "U04ABCDEF"])
def test_the_coordinator_may_be_an_address_a_channel_or_a_slack_id(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("UTBLICK_COORDINATOR", value)
    assert load_settings(_env_file=None).coordinator == value


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("UTBLICK_COORDINATOR", "Eva Ek", "not an e-mail address, a Slack channel"),
        ("UTBLICK_LLM_URL", "localhost:8000", "not an http(s) URL"),
        ("UTBLICK_LLM_TIMEOUT_SECONDS", "0", "UTBLICK_LLM_TIMEOUT_SECONDS"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, complaint: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as error:
        load_settings(_env_file=None)
    assert variable in str(error.value)
    assert complaint in str(error.value)


def test_the_model_key_never_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UTBLICK_LLM_API_KEY", "sk-very-secret")
    assert "sk-very-secret" not in repr(load_settings(_env_file=None))
