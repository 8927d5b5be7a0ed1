"""Understanding: question text -> a frozen QuestionFrame (build), follow-ups resolved against the conversation (followup)."""
