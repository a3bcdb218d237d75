"""What the matchmaking services refuse with: a bad value or a move not allowed (the message
names the field), something not there or not the viewer's to see, and an action that is not
the actor's."""


class MatchmakingRefused(ValueError):
    """A value that does not fit, or a move its state does not allow; nothing was changed.
    The message (a ``Said``) starts with the field it is about."""


class EventNotFound(LookupError):
    """No such event, or not the viewer's to see (the same words either way)."""


class MatchNotFound(LookupError):
    """No such match, or not the viewer's to see."""


class NotYours(PermissionError):
    """The actor may not do this to this event or match (the message says who may)."""
