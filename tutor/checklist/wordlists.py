"""The readiness check's word lists: the shared loader of :mod:`tutor.wordlists`."""

from tutor.wordlists import WordList, WordListError, load_wordlists, wordlist

__all__ = ["WordList", "WordListError", "load_wordlists", "wordlist"]
