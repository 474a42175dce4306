"""Registered model architectures of the trained components (NER and attribution tagger).

Messages are long (often a whole clause or several sentences) while a CNN sees a few tokens either side, so the
encoder adds a bidirectional LSTM over the whole document on top of a short CNN. thinc's own LSTM runs on numpy:
no PyTorch needed on a laptop.
"""
from __future__ import annotations

from spacy.util import registry
from thinc.api import LSTM, Model, chain, with_padded
from thinc.types import Floats2d

from spacy.ml.models.tok2vec import MaxoutWindowEncoder

from quellenlage.nlp import entity_tagger, subwords, wordclass  # noqa: F401  (registers their architectures and factories)


@registry.architectures("quellenlage.CNNBiLSTMEncoder.v1")
def cnn_bilstm_encoder(width: int, window_depth: int, lstm_depth: int, maxout_pieces: int = 3,
                       dropout: float = 0.1) -> Model[list[Floats2d], list[Floats2d]]:
    """Local n-gram features (CNN) first, then document-wide context (BiLSTM); output width = `width`."""
    cnn = MaxoutWindowEncoder(width=width, window_size=1, maxout_pieces=maxout_pieces, depth=window_depth)
    lstm = with_padded(LSTM(nO=width, nI=width, bi=True, depth=lstm_depth, dropout=dropout))
    return chain(cnn, lstm)
