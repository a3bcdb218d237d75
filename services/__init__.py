"""Use cases: one function per thing a user does. Sessions and clocks are passed in.

Services load rows through ``models``, decide with ``mechanism`` and save; they never import an
entry-point framework (Prefect, FastAPI, Typer) — that is checked by import-linter.
"""
