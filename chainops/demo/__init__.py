"""The demo city (``chainops demo``): its data (``city.yaml``, ``replay.yaml``) and the code
that loads it into a fresh SQLite file and replays a month on it (``replay``).

The ``demo`` command itself (options, printing, serving) is in ``chainops.cli.demo``.
"""

from chainops.demo.replay import DEMO_CITY, DEMO_REPLAY, DemoLogin, DemoResult, run_demo

__all__ = ["DEMO_CITY", "DEMO_REPLAY", "DemoLogin", "DemoResult", "run_demo"]
