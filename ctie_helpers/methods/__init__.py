"""Research-methods tools for session 5 and for analysts designing a CTiE data collection.

- :mod:`ctie_helpers.methods.questionnaire` — a questionnaire linter (rules from the domain brief, 9.6).
- :mod:`ctie_helpers.methods.xlsform` — turns a list of questions into an XLSForm that pyxform converts.
- :mod:`ctie_helpers.methods.evidence` — the evidence matrix (level × category) built from tagged excerpts.

Sub-modules are imported on use, so importing this package stays cheap.
"""
