"""Persistence: typed models, engine and sessions, migrations. Rows never leave this package."""

from . import models, models_people  # noqa: F401  (both register their tables on Base.metadata)
from .models import Base
from .session import Database

__all__ = ["Base", "Database"]
