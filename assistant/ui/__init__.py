"""The Gradio web UI: chat with cited answers, the task and indicator explorers, feedback.

Entry points: ``assistant.ui.serve.serve`` (what ``nq57 serve`` runs) and
``assistant.ui.serve.build_app`` (the ``gr.Blocks`` for tests and embedding).
"""

import os

# Set before Gradio is imported anywhere below this package: no usage analytics, no version
# check calling home, and no Hugging Face telemetry. Deliberately not overridable.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
