"""Feature vectors: each model's attributes as one row of numbers, for similarity.

A scikit-learn ``ColumnTransformer`` fitted once per catalog:
- one-hot codes for the model type and architecture, multi-label codes for the
  glossary terms of the training objective and the loss, and for tasks and
  modalities; a column keeps a code for each of its 64 most frequent values, and
  in a larger vocabulary only values two models share get one (the rest share an
  "other" code), so unique free text in every row stays linear in the rows;
- log10 of parameters, tokens and resolution (the geometric middle of a range),
  standardised; an unknown becomes the mean (0 after scaling, so it pulls no
  direction) with its own "unknown" indicator column, never an invented number.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer, StandardScaler

from . import glossary
from .columns import NUMERIC
from .index import FeatureSpace, Index, split_list

__all__ = ["FeatureSpace", "fit_features", "MultiLabel"]

# the most distinct values (or labels) one column gets a feature each; the rest
# share one, so that a catalog of unique free text stays linear in its rows
MAX_LABELS = 64
OTHER = "(other)"

# relative weight of each block in the cosine similarity
BLOCK_WEIGHTS = {"kind": 1.0, "architecture": 1.0, "objective": 1.0, "loss": 1.0,
                 "tasks": 1.0, "modalities": 1.0, "numbers": 0.5}


class MultiLabel(BaseEstimator, TransformerMixin):
    """``MultiLabelBinarizer`` for one column of ';'-separated labels, applied once
    per distinct value and taken back onto the rows."""

    def __init__(self, max_labels: int = MAX_LABELS):
        self.max_labels = max_labels

    def fit(self, X, y=None):
        return self._fit(*self._sets(X))

    def fit_transform(self, X, y=None):
        codes, sets = self._sets(X)  # once, for both (one pass per distinct value)
        return self._fit(codes, sets)._transform(codes, sets)

    def _fit(self, codes, sets):
        # the most frequent labels (by rows) keep a column each; rarer ones share
        # one "other" column, so the width never grows with the rows
        rows = np.bincount(codes, minlength=len(sets))
        counts: dict[str, int] = {}
        for labels, n in zip(sets, rows.tolist(), strict=True):
            for label in labels:
                counts[label] = counts.get(label, 0) + n
        ranked = sorted(counts, key=lambda w: (-counts[w], w))
        if len(ranked) > self.max_labels:
            # a large vocabulary: a value no second model shares says nothing about
            # similarity, so only shared values (the most frequent) keep a column
            ranked = [w for w in ranked if counts[w] > 1]
        kept = ranked[:self.max_labels]
        self.kept_ = set(kept)
        self.binarizer_ = MultiLabelBinarizer().fit(
            [set(kept) | ({OTHER} if len(counts) > len(kept) else set())])
        return self

    def transform(self, X):
        return self._transform(*self._sets(X))

    def _transform(self, codes, sets):
        kept = self.kept_
        sets = [labels if labels <= kept else {w if w in kept else OTHER
                                               for w in labels} for labels in sets]
        with warnings.catch_warnings():  # labels unseen at fit are simply dropped
            warnings.simplefilter("ignore", UserWarning)
            dense = self.binarizer_.transform(sets).astype(np.float32)
        return dense[codes]

    def get_feature_names_out(self, input_features=None):
        name = input_features[0] if input_features is not None else "x"
        return np.asarray([f"{name}={c}" for c in self.binarizer_.classes_],
                          dtype=object)

    @staticmethod
    def _sets(X) -> tuple[np.ndarray, list[set[str]]]:
        col = X.iloc[:, 0] if hasattr(X, "iloc") else pd.Series(
            np.asarray(X, dtype=object).reshape(-1))
        codes, uniques = pd.factorize(col)
        return codes, [set(split_list(u)) for u in uniques]


def _column(index: Index, column: str, category: str | None = None):
    """A categorical column from the index (the glossary terms of it, if asked)."""
    s = index.strings[column]
    uniques = s.uniques
    if category is not None:
        uniques = ["; ".join(e.term for e in glossary.lookup(u, category)) or u
                   for u in uniques]
        labels, remap = np.unique(np.asarray(uniques, dtype=object),
                                  return_inverse=True)
        return pd.Categorical.from_codes(remap.reshape(-1)[s.codes], list(labels))
    return pd.Categorical.from_codes(s.codes, uniques)


def feature_frame(index: Index) -> pd.DataFrame:
    out = pd.DataFrame({
        "model_type": _column(index, "model_type"),
        "architecture": _column(index, "architecture"),
        "objective": _column(index, "training_objective", "Training Objective"),
        "loss": _column(index, "loss_function", "Loss Function"),
        "tasks": _column(index, "tasks"),
        "modalities": _column(index, "modalities"),
    })
    num = index.num
    for column in NUMERIC:
        low = num[f"{column}_low"]
        high = np.where(np.isnan(num[f"{column}_high"]), low, num[f"{column}_high"])
        with np.errstate(divide="ignore", invalid="ignore"):
            out[column] = np.log10(np.sqrt(np.maximum(low, 1) * np.maximum(high, 1)))
    return out


def build_transformer() -> ColumnTransformer:
    numbers = make_pipeline(StandardScaler(),
                            SimpleImputer(strategy="constant", fill_value=0.0,
                                          add_indicator=True, keep_empty_features=True))
    w = BLOCK_WEIGHTS
    return ColumnTransformer(
        [("kind", MultiLabel(), ["model_type"]),
         ("architecture", MultiLabel(), ["architecture"]),
         ("objective", MultiLabel(), ["objective"]),
         ("loss", MultiLabel(), ["loss"]),
         ("tasks", MultiLabel(), ["tasks"]),
         ("modalities", MultiLabel(), ["modalities"]),
         ("numbers", numbers, list(NUMERIC))],
        transformer_weights=w, sparse_threshold=0.0)


def fit_features(index: Index) -> FeatureSpace:
    """Fit the transformer on an index's models: unit-length float32 rows."""
    frame = feature_frame(index)
    transformer = build_transformer()
    X = np.asarray(transformer.fit_transform(frame), dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    X = X / np.where(norms == 0, 1, norms)
    return FeatureSpace(transformer, X, tuple(transformer.get_feature_names_out()))
