"""With an Entra app configured, `/api/messages` takes only activities the Bot Framework signed for it,
and the bot's own calls to the connector carry the token it got for its app.

The tokens here are signed with a key made for the test and published on the mock's `/keys`; the SDK's
validator is pointed there instead of at login.botframework.com, and checks them exactly as it checks
Microsoft's: RS256 signature, issuer, audience, expiry.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_agents.hosting.core import JwtTokenValidator
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import _JwkClientCacheEntry, _JwkClientManager
from pydantic import SecretStr

from bot.app import App
from bot.platforms.teams import ServiceUrls
from bot.platforms.teams_channel import TeamsChannel
from tests.mock_teams_connector import ANNA_AAD, MockConnector
from tests.mock_teams_connector import activity as teams_activity
from tests.platforms.conftest import TeamsHarness

APP_ID = "3f9a7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b"
TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT_FRAMEWORK = "https://api.botframework.com"
MICROSOFT_KEYS = "https://login.botframework.com/v1/.well-known/keys"
CONNECTOR_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.for-the-connector.signature"


class LocalKeys(_JwkClientManager):
    """Microsoft's key sets, served by the mock: records which set the validator asked for."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.asked: list[str] = []

    def _get_jwk_client(self, jwks_uri: str) -> _JwkClientCacheEntry:
        self.asked.append(jwks_uri)
        return super()._get_jwk_client(self.url)


class Tokens:
    """The bot's own credentials (MSAL against Entra in production): a fixed token, and who asked for it."""

    def __init__(self) -> None:
        self.audiences: list[str] = []

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        self.audiences.append(resource_url)
        return CONNECTOR_TOKEN


class StaticConnections:
    def __init__(self) -> None:
        self.tokens = Tokens()

    def get_connection(self, connection_name: str) -> Tokens:
        return self.tokens

    def get_default_connection(self) -> Tokens:
        return self.tokens

    def get_token_provider(self, claims_identity: Any, service_url: str) -> Tokens:
        return self.tokens

    def get_token_provider_from_activity(self, claims_identity: Any, activity: Any) -> Tokens:
        return self.tokens

    def get_default_connection_configuration(self) -> Any:
        return None


@pytest.fixture
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def keys(connector: MockConnector, signing_key: rsa.RSAPrivateKey, monkeypatch: pytest.MonkeyPatch) -> LocalKeys:
    published = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key()))
    connector.jwks = {"keys": [{**published, "kid": "test-key", "use": "sig", "alg": "RS256"}]}
    local = LocalKeys(f"{connector.url}keys")
    monkeypatch.setattr(JwtTokenValidator, "_jwk_client_manager", local)
    return local


@pytest.fixture
def secured(
    start_teams: Callable[..., TeamsHarness], keys: LocalKeys, connector: MockConnector
) -> Iterator[tuple[TeamsHarness, StaticConnections]]:
    connections = StaticConnections()
    update = {"teams_app_id": APP_ID, "teams_app_secret": SecretStr("s3cret~value"), "teams_tenant_id": TENANT_ID,
              "teams_service_urls": (connector.url,)}  # fmt: skip
    yield start_teams(settings_update=update, connections=connections), connections


def token(key: rsa.RSAPrivateKey, connector: MockConnector, **claims: Any) -> str:
    now = int(time.time())
    body = {
        "iss": BOT_FRAMEWORK,
        "aud": APP_ID,
        "serviceurl": connector.url,
        "nbf": now - 60,
        "iat": now - 60,
        "exp": now + 3600,
        **claims,
    }
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "test-key"})


def test_an_activity_signed_by_the_bot_framework_for_this_app_is_answered_with_the_apps_token(
    secured: tuple[TeamsHarness, StaticConnections],
    connector: MockConnector,
    signing_key: rsa.RSAPrivateKey,
    keys: LocalKeys,
) -> None:
    teams, connections = secured
    response = teams.post(teams_activity(connector.url, "hej"), token=token(signing_key, connector))
    assert response.status == 202
    [answer] = connector.sent()
    assert answer.headers["authorization"] == f"Bearer {CONNECTOR_TOKEN}"
    assert connector.calls_to("member")[0].headers["authorization"] == f"Bearer {CONNECTOR_TOKEN}"
    assert keys.asked == [MICROSOFT_KEYS]  # the Bot Framework's published keys, as in production
    assert BOT_FRAMEWORK in connections.tokens.audiences


def test_no_token_a_forged_token_or_one_for_another_bot_is_refused(
    secured: tuple[TeamsHarness, StaticConnections], connector: MockConnector, signing_key: rsa.RSAPrivateKey
) -> None:
    teams, _ = secured
    someone_else = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attempts = {
        "none": None,
        "forged": token(someone_else, connector),
        "other bot": token(signing_key, connector, aud="00000000-0000-0000-0000-000000000001"),
        "expired": token(signing_key, connector, exp=int(time.time()) - 3600, iat=int(time.time()) - 7200),
        "other issuer": token(signing_key, connector, iss="https://sts.windows.net/someone-else/"),
    }
    statuses = {
        name: teams.post(teams_activity(connector.url, "hej"), token=value).status for name, value in attempts.items()
    }
    assert statuses == dict.fromkeys(attempts, 401)
    assert connector.calls_to("send") == []


def test_a_reminder_carries_the_apps_token(
    secured: tuple[TeamsHarness, StaticConnections], connector: MockConnector, signing_key: rsa.RSAPrivateKey, app: App
) -> None:
    from sqlalchemy import select

    from storage.models import Person

    teams, _ = secured
    teams.post(teams_activity(connector.url, "hej"), token=token(signing_key, connector))
    with app.database.session_scope() as session:
        anna = session.scalars(select(Person).where(Person.teams_aad_id == ANNA_AAD)).one()
        session.expunge(anna)
    from bot.messages import Reply

    TeamsChannel(teams.adapter).send(anna, [Reply("Påminnelse")])
    assert connector.sent()[-1].headers["authorization"] == f"Bearer {CONNECTOR_TOKEN}"


def test_an_activity_naming_a_foreign_service_url_is_refused_and_no_token_goes_there(
    secured: tuple[TeamsHarness, StaticConnections], connector: MockConnector, signing_key: rsa.RSAPrivateKey
) -> None:
    teams, _ = secured
    evil = MockConnector().start()
    try:
        for claimed in (connector.url, evil.url, None):
            claims = {"serviceurl": claimed} if claimed else {}
            signed = token(signing_key, connector, **claims)
            assert teams.post(teams_activity(evil.url, "hej"), token=signed).status == 401
            assert teams.post(teams_activity("https://attacker.example/", "hej"), token=signed).status == 401
        assert evil.calls == [] and connector.calls_to("send") == []
        # The URL this deployment was told about is still answered.
        assert teams.post(teams_activity(connector.url, "hej"), token=token(signing_key, connector)).status == 202
    finally:
        evil.stop()


def test_microsofts_own_service_urls_are_the_ones_answered_by_default() -> None:
    urls = ServiceUrls()
    assert urls.is_allowed("https://smba.trafficmanager.net/emea/")
    assert urls.is_allowed("https://smba.infra.gcc.teams.microsoft.com/amer/")
    for foreign in ("https://evil.example/", "http://smba.trafficmanager.net/emea/", "https://127.0.0.1/",
                    "https://smba.trafficmanager.net.evil.example/"):  # fmt: skip
        assert not urls.is_allowed(foreign), foreign
