"""The partnership aggregate, in rooms: one module per workflow.

Importing the package imports every room, so that each registers its
commands' apply handlers, replays, motion effects and time-driven facts.
"""

from . import _amendment as _amendment
from . import _consultation as _consultation
from . import _meetings as _meetings
from . import _membership as _membership
from . import _programme as _programme
from . import _proposals as _proposals
from . import _review as _review
from ._aggregate import Partnership as Partnership
from ._review import review_due as review_due
from ._view import PartnershipView as PartnershipView

__all__ = ["Partnership", "PartnershipView", "review_due"]
