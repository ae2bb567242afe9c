"""Trợ lý Kế hoạch: question → cited Vietnamese answer. Public API: Assistant, Answer, Citation."""

from assistant.answer import Answer, Citation

__all__ = ["Answer", "Assistant", "Citation", "QuestionError"]


def __getattr__(name: str):  # import the heavy API lazily (loads the index stack)
    if name in {"Assistant", "QuestionError"}:
        from assistant import api

        return getattr(api, name)
    raise AttributeError(name)
