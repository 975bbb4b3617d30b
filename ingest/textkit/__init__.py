"""The project's shared text and file toolkit, used by ``ingest`` and ``tutor`` alike.

It lives in ``ingest`` because ``ingest`` must never import ``tutor`` while ``tutor`` may
import ``ingest``: anything both sides need goes here, once.
"""

from ingest.textkit.files import write_atomic
from ingest.textkit.sentences import SENTENCE_END, split_sentences

__all__ = ["SENTENCE_END", "split_sentences", "write_atomic"]
