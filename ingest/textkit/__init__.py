"""The project's shared text and file toolkit, used by ``ingest`` and ``tutor`` alike.

It lives in ``ingest`` because ``ingest`` must never import ``tutor`` while ``tutor`` may
import ``ingest``: anything both sides need goes here, once.
"""

from ingest.textkit.files import write_atomic
from ingest.textkit.fold import fold_for_grading, fold_for_matching, fold_for_search, stem
from ingest.textkit.sentences import SENTENCE_END, split_sentences

__all__ = [
    "SENTENCE_END",
    "fold_for_grading",
    "fold_for_matching",
    "fold_for_search",
    "split_sentences",
    "stem",
    "write_atomic",
]
