"""The Gradio web UI: chat with cited answers, the task and indicator explorers, feedback.

Entry points: ``assistant.ui.serve.serve`` (what ``nq57 serve`` runs) and
``assistant.ui.serve.build_app`` (the ``gr.Blocks`` for tests and embedding).
"""

import os

# Set before Gradio is imported anywhere below this package: no usage analytics, no version
# check calling home, and no Hugging Face telemetry. Deliberately not overridable.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
# Gradio summarises every finished event with pandas over up to 10,000 past events, for a
# monitoring page we switch off; at the default frequency that costs more than our answers.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")
