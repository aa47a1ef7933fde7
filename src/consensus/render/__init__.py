"""Render a partnership's log for people: a sentence for each event, minutes of meetings.

The core never imports this package; it reads partnerships and their logs
through the same queries a tool would. :func:`describe` gives every event
its sentence, and :func:`render_minutes` builds a meeting's minutes from
those sentences and the log; :func:`render_report` reports the partnership
as it stands, for partners monitoring progress (clause 5.1).
"""

from ._describe import describe as describe
from ._minutes import render_minutes as render_minutes
from ._report import render_report as render_report

__all__ = ["describe", "render_minutes", "render_report"]
