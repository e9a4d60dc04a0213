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

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from . import glossary
from .columns import NUMERIC
from .index import FeatureSpace, Index, split_list
from .parsing import unpadded

__all__ = ["FeatureSpace", "fit_features", "MultiLabel"]

# the most distinct values (or labels) one column gets a feature each; the rest
# share one, so that a catalog of unique free text stays linear in its rows
MAX_LABELS = 64
OTHER = "(other)"

# relative weight of each block in the cosine similarity
BLOCK_WEIGHTS = {"kind": 1.0, "architecture": 1.0, "objective": 1.0, "loss": 1.0,
                 "tasks": 1.0, "modalities": 1.0, "numbers": 0.5}


def _labels(uniques) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The ';'-separated labels of each distinct value, flat: (which value, which
    label) pairs and the labels. A value without ';' is its one label, stripped,
    and those (nearly all, in a large vocabulary) are handled by pandas' string
    methods and hashing rather than one Python split each; when no value has a ';',
    padding or is empty (one check of them all), each value is its own label."""
    values = np.asarray(uniques, dtype=object).tolist()
    if unpadded(values, empty=False, without=";"):
        every = np.arange(len(values), dtype=np.int64)  # distinct already
        return every, every.copy(), values
    s = pd.Series(values, dtype=object).astype(str)
    multi = s.str.contains(";", regex=False).to_numpy()
    which = [np.flatnonzero(~multi)]
    words = [s[~multi].str.strip().to_numpy(dtype=object)]
    for u in np.flatnonzero(multi).tolist():
        parts = split_list(s.iat[u])
        which.append(np.full(len(parts), u))
        words.append(np.asarray(parts, dtype=object))
    which_all = np.concatenate(which).astype(np.int64)
    words_all = np.concatenate(words) if words else np.empty(0, dtype=object)
    keep = words_all != ""
    which_all = which_all[keep]
    label, names = pd.factorize(words_all[keep])
    if len(which) > 1:  # a label twice in one value ("vqa; vqa") counts once
        pair = np.unique(which_all * max(len(names), 1) + label)
        which_all, label = np.divmod(pair, max(len(names), 1))
    return which_all, label, list(names)


class MultiLabel(BaseEstimator, TransformerMixin):
    """Multi-label codes (one column per label, like ``MultiLabelBinarizer``) for
    one column of ';'-separated labels, worked out once per distinct value and
    taken back onto the rows."""

    def __init__(self, max_labels: int = MAX_LABELS):
        self.max_labels = max_labels

    def fit(self, X, y=None):
        return self._fit(*self._flat(X))

    def fit_transform(self, X, y=None):
        flat = self._flat(X)  # once, for both
        return self._fit(*flat)._transform(*flat)

    def _fit(self, codes, n_values, which, label, names):
        # the most frequent labels (by rows) keep a column each; rarer ones share
        # one "other" column, so the width never grows with the rows
        rows = np.bincount(codes, minlength=n_values)
        counts = np.bincount(label, weights=rows[which], minlength=len(names))
        eligible = np.arange(len(names))
        if len(names) > self.max_labels:
            # a large vocabulary: a value no second model shares says nothing about
            # similarity, so only shared values (the most frequent) keep a column
            eligible = eligible[counts > 1]
        if len(eligible) > self.max_labels:  # only those that can be in the top
            bar = np.partition(counts[eligible], -self.max_labels)[-self.max_labels]
            eligible = eligible[counts[eligible] >= bar]
        ranked = sorted(eligible.tolist(), key=lambda k: (-counts[k], names[k]))
        kept = sorted(names[k] for k in ranked[:self.max_labels])
        other = len(names) > len(kept)
        self.classes_ = np.asarray(sorted(kept + [OTHER] if other else kept),
                                   dtype=object)
        self.kept_ = set(kept)
        return self

    def transform(self, X):
        return self._transform(*self._flat(X))

    def _transform(self, codes, n_values, which, label, names):
        classes = pd.Index(self.classes_.tolist(), dtype=object)
        other = classes.get_indexer([OTHER])[0]  # unseen at fit, without it: dropped
        to_column = classes.get_indexer(pd.Index(names, dtype=object)).astype(np.int64)
        to_column[to_column < 0] = other
        cols = to_column[label]
        if not len(which) or np.bincount(which, minlength=n_values).max() <= 1:
            # one label a value at most (a vocabulary of plain values): each row's
            # column straight from its value, with no matrix per value to gather
            col_of_value = np.full(n_values, -1, dtype=np.int64)
            col_of_value[which] = cols
            at = col_of_value[codes]
            rows = np.zeros((len(codes), len(classes)), dtype=np.float32)
            rows[np.flatnonzero(at >= 0), at[at >= 0]] = 1.0
            return rows
        dense = np.zeros((n_values, len(classes)), dtype=np.float32)
        dense[which[cols >= 0], cols[cols >= 0]] = 1.0
        return dense[codes]

    def get_feature_names_out(self, input_features=None):
        name = input_features[0] if input_features is not None else "x"
        return np.asarray([f"{name}={c}" for c in self.classes_], dtype=object)

    @staticmethod
    def _flat(X) -> tuple[np.ndarray, int, np.ndarray, np.ndarray, list[str]]:
        """Codes of each row into its distinct values, their number, and their
        labels flat (``_labels``)."""
        col = X.iloc[:, 0] if hasattr(X, "iloc") else pd.Series(
            np.asarray(X, dtype=object).reshape(-1))
        codes, uniques = pd.factorize(col)
        return (codes, len(uniques), *_labels(uniques))


def _column(index: Index, column: str, category: str | None = None):
    """A categorical column from the index (the glossary terms of it, if asked)."""
    s = index.strings[column]
    uniques = s.uniques
    if category is not None:
        codes, labels = glossary.label_codes(uniques, category)
        return pd.Categorical.from_codes(codes[s.codes], labels)
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
