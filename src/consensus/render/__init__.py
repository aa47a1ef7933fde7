"""Render a partnership's log for people: a sentence for each event, minutes of meetings.

The core never imports this package; it reads partnerships and their logs
through the same queries a tool would. :func:`describe` gives every event
its sentence, and :func:`render_minutes` builds a meeting's minutes from
those sentences and the log.
"""

from ._describe import describe as describe
from ._minutes import render_minutes as render_minutes

__all__ = ["describe", "render_minutes"]
