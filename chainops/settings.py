"""One settings class, read from ``CHAINOPS_*`` environment variables (and ``.env``)."""

import ipaddress
from datetime import UTC, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from mechanism.numbering import number_template_problem

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
    # auto: ssl on port 465, none for a server on this machine, starttls otherwise
    smtp_security: Literal["auto", "none", "starttls", "ssl"] = "auto"
    outbox_dir: Path = Path("var/outbox")
    email_from_name: str = "市链长制办公室"
    office_name: str = "市链长制办公室"  # who issues the notices, as printed on them
    notice_prefix: str = "聊链"  # numbers like 聊链轴承督〔2026〕12号
    notice_number_format: str = "{prefix}{chain}{kind}〔{year}〕{seq}号"
    send_window: str = "08:30-18:00"  # on working days; what is queued outside waits
    max_attempts: int = 6
    retry_base_seconds: int = 60  # then ×4 each attempt: 1, 4, 16, 64 minutes, …
    base_url: str = "http://localhost:8000"  # where acknowledgement links point
    ack_valid_days: int = 14
    calendar_file: Path = Path(__file__).parent / "config" / "calendar.yaml"
    ladder_file: Path = Path(__file__).parent / "config" / "ladder.yaml"
    projects_file: Path = Path(__file__).parent / "config" / "projects.yaml"
    factors_file: Path = Path(__file__).parent / "config" / "factors.yaml"
    matchmaking_file: Path = Path(__file__).parent / "config" / "matchmaking.yaml"
    investment_file: Path = Path(__file__).parent / "config" / "investment.yaml"
    designations_file: Path = Path(__file__).parent / "config" / "designations.yaml"
    benchmarks_file: Path = Path(__file__).parent / "config" / "benchmarks.yaml"
    rollup_file: Path = Path(__file__).parent / "config" / "rollup.yaml"  # ranking weights
    # The standing practices (巡链, 诊链, 问链, 月调度) and their per-chain overrides.
    mechanism_file: Path = Path(__file__).parent / "config" / "mechanism.yaml"
    # Group robots and SMS: which exist and where their secrets are (never the secrets).
    channels_file: Path = Path(__file__).parent / "config" / "channels.yaml"
    # City-wide off switches, one per kind of channel: false stops every channel of that kind.
    channel_wecom: bool = True
    channel_dingtalk: bool = True
    channel_sms: bool = True
    reports_dir: Path = Path("var/reports")  # monthly bulletins, one folder per month
    office_email: str = "chain-office@example.gov.cn"  # the city chain office's mailbox
    # The largest sheet a workbook import reads (header row included); a sheet past either is
    # refused before its rows are loaded (services.workbook.limits has the same defaults).
    import_max_rows: int = 200_000
    import_max_columns: int = 200

    # The mailbox owners' progress replies arrive in (`chainops replies collect`, read over
    # IMAP); no host: replies are not collected. Port: 993 for ssl, else 143.
    imap_host: str = ""
    imap_port: int | None = None
    imap_security: Literal["none", "starttls", "ssl"] = "ssl"
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    imap_folder: str = "INBOX"
    imap_done_folder: str = "chainops-done"  # handled replies are filed here (made if missing)
    # Where replies to reminders and urging slips go (their signed Reply-To, plus-addressed):
    # the mailbox above. Empty: CHAINOPS_EMAIL_FROM.
    reply_address: str = ""

    secret_key: SecretStr = SecretStr("changethis")
    # Reverse proxies whose X-Forwarded-For names the client (addresses or CIDR networks,
    # comma-separated); from anyone else the header is ignored, so it cannot be forged.
    trusted_proxies: str = ""

    # A fixed local date-time every part takes as "now" (pages, mails, the CLI, the flows): the
    # demo shows its last day with it, a rehearsal replays a given morning. Development only.
    clock: datetime | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"CHAINOPS_TIMEZONE: unknown time zone {value!r}") from None
        return value

    @field_validator("send_window")
    @classmethod
    def _window(cls, value: str) -> str:
        try:
            start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
        except ValueError:
            raise ValueError(
                f"CHAINOPS_SEND_WINDOW: {value!r} is not a window like 08:30-18:00"
            ) from None
        if start >= end:
            raise ValueError(f"CHAINOPS_SEND_WINDOW: {value!r} ends before it starts")
        return value

    @field_validator("import_max_rows", "import_max_columns")
    @classmethod
    def _sheet_limit(cls, value: int, info: ValidationInfo) -> int:
        least = 2 if info.field_name == "import_max_rows" else 1  # a header and a row
        if value < least:
            name = f"CHAINOPS_{(info.field_name or '').upper()}"
            raise ValueError(f"{name}: at least {least}, not {value}")
        return value

    @field_validator("notice_number_format")
    @classmethod
    def _number_format(cls, value: str) -> str:
        problem = number_template_problem(value)
        if problem:
            raise ValueError(f"CHAINOPS_NOTICE_NUMBER_FORMAT: {problem}")
        return value

    @field_validator("clock", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return datetime.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(
                    f"CHAINOPS_CLOCK: {value!r} is not a local date-time like 2026-11-27T09:00"
                ) from None
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        for entry in (part.strip() for part in value.split(",")):
            if not entry:
                continue
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"CHAINOPS_TRUSTED_PROXIES: {entry!r} is not an address or a network "
                    "like 10.0.0.0/8"
                ) from None
        return value

    @property
    def proxy_networks(self) -> list[str]:
        """The trusted proxies as networks (an address is a network of one)."""
        return [
            str(ipaddress.ip_network(part.strip(), strict=False))
            for part in self.trusted_proxies.split(",")
            if part.strip()
        ]

    @property
    def window(self) -> tuple[time, time]:
        start, end = (time.fromisoformat(part.strip()) for part in self.send_window.split("-"))
        return start, end

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

    @model_validator(mode="after")
    def _fixed_clock_only_in_development(self) -> "Settings":
        # A stopped clock in production would freeze every deadline, light and notice.
        if self.clock is not None and self.environment != "development":
            raise ValueError(
                f"CHAINOPS_CLOCK is set ({self.clock.isoformat()}) but the environment is "
                f"{self.environment!r}: a fixed clock is for development only (demos, "
                "rehearsals); unset CHAINOPS_CLOCK"
            )
        return self

    @property
    def fixed_now(self) -> datetime | None:
        """CHAINOPS_CLOCK as an aware UTC moment (read in the city's zone unless it names its
        own offset), or None when the real clock runs."""
        if self.clock is None:
            return None
        local = self.clock if self.clock.tzinfo else self.clock.replace(tzinfo=self.zone)
        return local.astimezone(UTC)

    @property
    def smtp_tls(self) -> Literal["none", "starttls", "ssl"]:
        """The SMTP security actually used: ``auto`` decided from the port and the host."""
        if self.smtp_security != "auto":
            return self.smtp_security
        if self.smtp_port == 465:
            return "ssl"
        if self.smtp_host in ("localhost", "127.0.0.1", "::1"):
            return "none"
        return "starttls"

    @property
    def channel_switches(self) -> dict[Literal["wecom", "dingtalk", "sms"], bool]:
        """The city-wide switch of each kind of channel (CHAINOPS_CHANNEL_<KIND>)."""
        return {
            "wecom": self.channel_wecom,
            "dingtalk": self.channel_dingtalk,
            "sms": self.channel_sms,
        }

    @property
    def imap_port_used(self) -> int:
        """CHAINOPS_IMAP_PORT, else the standard port of the security chosen."""
        if self.imap_port is not None:
            return self.imap_port
        return 993 if self.imap_security == "ssl" else 143

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@lru_cache
def get_settings() -> Settings:
    return Settings()
