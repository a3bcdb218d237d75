"""The rules of the chain-chief system, pure: no I/O, no framework, nothing else of ours.

Every function takes what it needs (including ``today``/``now``) as arguments and returns a
decision; services load rows, call these rules and save what they decide.
"""
