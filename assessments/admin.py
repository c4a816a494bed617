"""Django's admin looks here; each room registers its own models in its admin module."""

from assessments.organisations import admin as organisations_admin

__all__ = ["organisations_admin"]
