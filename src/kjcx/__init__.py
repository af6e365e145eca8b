"""kjcx: indicator calculator for Chinese government action plans."""

__version__ = "0.1.0"
