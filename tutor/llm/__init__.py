"""Optional chat-model backends (``TUTOR_LLM``) and bounded, retrying token streaming."""

from tutor.llm.factory import LLMConfigError, backend_label, create_chat_model
from tutor.llm.streaming import LLMUnavailable, StreamLimits, stream_text

__all__ = [
    "LLMConfigError",
    "LLMUnavailable",
    "StreamLimits",
    "backend_label",
    "create_chat_model",
    "stream_text",
]
