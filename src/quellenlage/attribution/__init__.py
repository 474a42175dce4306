"""Attribution: who says what, to whom, according to whom (cues, sources, messages, nesting, continuation)."""
