"""The demo workspace: a fictional network seeded through the real services.

`backstory demo` and the first start of `backstory serve` call `seed_demo`.
"""

from .seed import DemoSummary, seed_demo

__all__ = ["DemoSummary", "seed_demo"]
