"""Answer handlers: each takes the ``AnswerContext`` and a ``Turn`` and returns an ``Answer`` or None
(None: this handler has nothing to say, the router tries the next rule). Handlers compose answers with the
``assistant.answer_*`` composers; they never read the raw question text to decide anything."""
