"""The robots' ``errcode`` tables: which refusals are permanent, which ask for a pause.

A permanent refusal means the channel is misconfigured or the message can never go (a wrong
key, a removed robot, a bad signature, a refused message type or size): retrying cannot help,
so the outbox row becomes a dead letter and the office sees why. A rate limit asks for a
pause (``retry_after``). Any other code — the vendors' "system busy" (-1) and codes not in
these tables — is transient, so a vendor's new code never dead-letters a whole outbox.

Sources: WeCom's global error codes (developer.work.weixin.qq.com/document/path/90313, and its
"more info at …/devtool/query?e=93000" hints); DingTalk's custom-robot page and the codes users
report from it (issue threads of jenkinsci/dingtalk-plugin, timonwong/prometheus-webhook-
dingtalk, x-cold/dingtalk-robot). See also the domain notes, mission-next §d.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from notifications.transports import TransportError


@dataclass(frozen=True)
class CodeTable:
    vendor: str
    permanent: Mapping[int, str]  # code → what it means
    pauses: Mapping[int, float] = field(default_factory=dict)  # code → seconds to wait

    def error(self, code: int, message: str) -> TransportError:
        if code in self.permanent:
            return TransportError(f"{message} ({self.permanent[code]})", permanent=True)
        if code in self.pauses:
            return TransportError(message, retry_after=self.pauses[code])
        return TransportError(message)


WECOM_CODES = CodeTable(
    vendor="wecom",
    permanent={
        93000: "invalid webhook key: the robot was removed or the key is wrong",
        40008: "invalid message type",
        40058: "a parameter is invalid",
        44004: "the content is empty",
        45002: "the content is too long",
    },
    pauses={45009: 60.0},  # "api freq out of limit": 20 posts a minute per robot
)

DINGTALK_CODES = CodeTable(
    vendor="dingtalk",
    permanent={
        310000: "signature, timestamp (clock off by over an hour), keyword or IP refused",
        300001: "the access token does not exist",
        300005: "the access token does not exist",
        400102: "the robot is disabled",
        400105: "unsupported message type",
        400106: "the robot does not exist",
        430101: "the content is not allowed",
        430102: "the content is not allowed",
        430103: "the content is not allowed",
        430104: "the content is not allowed",
        460101: "the message is too long",
    },
    pauses={
        90030: 600.0,  # "webhook over limit": the robot is throttled for ten minutes
        410100: 60.0,  # sending too fast (over 20 a minute)
        130101: 60.0,  # sending too fast (older name of the same limit)
    },
)
