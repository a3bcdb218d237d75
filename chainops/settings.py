"""One settings class, read from ``CHAINOPS_*`` environment variables (and ``.env``)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changethis", "change-me", "changeme", "secret", "dev"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CHAINOPS_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///var/chainops.db"
    timezone: str = "Asia/Shanghai"
    locale: Literal["zh-CN", "en"] = "zh-CN"

    email_transport: Literal["file", "smtp"] = "file"
    email_from: str = "chainops@example.gov.cn"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["none", "starttls", "ssl"] = "starttls"
    outbox_dir: Path = Path("var/outbox")
    calendar_file: Path = Path(__file__).parent / "config" / "calendar.yaml"
    ladder_file: Path = Path(__file__).parent / "config" / "ladder.yaml"
    office_email: str = "chain-office@example.gov.cn"  # the city chain office's mailbox

    secret_key: SecretStr = SecretStr("changethis")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"CHAINOPS_TIMEZONE: unknown time zone {value!r}") from None
        return value

    @model_validator(mode="after")
    def _no_placeholder_secret_outside_development(self) -> "Settings":
        # A placeholder signing key in production would let anyone forge acknowledgement
        # links and sessions; refuse to start rather than run insecurely.
        if (
            self.environment != "development"
            and self.secret_key.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS
        ):
            raise ValueError(
                "CHAINOPS_SECRET_KEY is a placeholder; set a long random value "
                f"(environment is {self.environment!r})"
            )
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@lru_cache
def get_settings() -> Settings:
    return Settings()
