"""Settings come from CHAINOPS_* variables and refuse what would be unsafe."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from chainops.settings import Settings


def test_the_defaults_are_the_embedded_single_machine_setup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CHAINOPS_DATABASE_URL", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == "sqlite:///var/chainops.db"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.locale == "zh-CN"
    assert settings.email_transport == "file"


def test_settings_are_read_from_prefixed_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHAINOPS_EMAIL_TRANSPORT", "smtp")
    monkeypatch.setenv("CHAINOPS_SMTP_PORT", "465")
    monkeypatch.setenv("CHAINOPS_SMTP_SECURITY", "ssl")
    monkeypatch.setenv("CHAINOPS_SMTP_PASSWORD", "s3cret")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.email_transport, settings.smtp_port, settings.smtp_security) == (
        "smtp",
        465,
        "ssl",
    )
    assert settings.smtp_password is not None
    assert settings.smtp_password.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CHAINOPS_EMAIL_TRANSPORT", "pigeon"),
        ("CHAINOPS_SMTP_SECURITY", "tls"),
        ("CHAINOPS_LOCALE", "fr"),
        ("CHAINOPS_TIMEZONE", "Mars/Olympus"),
        ("CHAINOPS_TRUSTED_PROXIES", "10.0.0.0/8, proxy.example"),
    ],
)
def test_a_value_outside_its_choices_is_refused(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_a_placeholder_secret_is_fine_in_development_only() -> None:
    assert Settings(_env_file=None, environment="development")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="CHAINOPS_SECRET_KEY is a placeholder"):
        Settings(_env_file=None, environment="production")  # type: ignore[call-arg]
    real = Settings(_env_file=None, environment="production", secret_key="k" * 40)  # type: ignore[call-arg]
    assert real.environment == "production"


def test_a_fixed_clock_is_a_local_time_in_the_citys_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHAINOPS_CLOCK", "2026-11-27T09:00")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.fixed_now == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    monkeypatch.setenv("CHAINOPS_CLOCK", "2026-11-27T09:00+00:00")  # one naming its own zone
    assert Settings(_env_file=None).fixed_now == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # type: ignore[call-arg]
    monkeypatch.setenv("CHAINOPS_CLOCK", "")
    assert Settings(_env_file=None).fixed_now is None  # type: ignore[call-arg]


@pytest.mark.parametrize("environment", ["test", "production"])
def test_a_fixed_clock_is_refused_outside_development(environment: str) -> None:
    with pytest.raises(ValidationError, match=r"CHAINOPS_CLOCK is set .* for development only"):
        Settings(  # type: ignore[call-arg]
            _env_file=None, environment=environment, secret_key="k" * 40, clock="2026-11-27T09:00"
        )


def test_a_clock_that_is_no_date_time_says_how_to_write_one() -> None:
    with pytest.raises(ValidationError, match="'next Friday' is not a local date-time like"):
        Settings(_env_file=None, clock="next Friday")  # type: ignore[call-arg]
