"""Feature vectors: each model's attributes as one row of numbers, for similarity.

A scikit-learn ``ColumnTransformer`` fitted once per catalog:
- one-hot codes for the model type and architecture, multi-label codes for the
  glossary terms of the training objective and the loss, and for tasks and modalities;
- log10 of parameters, tokens and resolution (the geometric middle of a range),
  standardised; an unknown becomes the mean (0 after scaling, so it pulls no
  direction) with its own "unknown" indicator column, never an invented number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer, OneHotEncoder, StandardScaler

from . import glossary
from .catalog import NUMERIC_COLUMNS, Catalog

__all__ = ["FeatureSpace", "fit_features", "MultiLabel"]

# relative weight of each block in the cosine similarity
BLOCK_WEIGHTS = {"kind": 1.0, "objective": 1.0, "loss": 1.0, "tasks": 1.0,
                 "modalities": 1.0, "numbers": 0.5}


class MultiLabel(BaseEstimator, TransformerMixin):
    """``MultiLabelBinarizer`` for one column of ';'-separated labels."""

    def fit(self, X, y=None):
        self.binarizer_ = MultiLabelBinarizer().fit(self._sets(X))
        return self

    def transform(self, X):
        import warnings
        with warnings.catch_warnings():  # labels unseen at fit are simply dropped
            warnings.simplefilter("ignore", UserWarning)
            return self.binarizer_.transform(self._sets(X)).astype(np.float32)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"{input_features[0] if input_features is not None else 'x'}"
                           f"={c}" for c in self.binarizer_.classes_], dtype=object)

    @staticmethod
    def _sets(X) -> list[set[str]]:
        col = np.asarray(X, dtype=object).reshape(-1)
        codes, uniques = pd.factorize(pd.Series(col))
        sets = [{w.strip() for w in str(u).split(";") if w.strip()} for u in uniques]
        return [sets[c] for c in codes]


def _terms(series: pd.Series, category: str) -> np.ndarray:
    codes, uniques = series.factorize()
    text = ["; ".join(e.term for e in glossary.lookup(u, category)) or u
            for u in uniques]
    return np.asarray(text, dtype=object)[codes]


def feature_frame(catalog: Catalog) -> pd.DataFrame:
    f = catalog.frame
    out = pd.DataFrame({
        "model_type": f["model_type"].to_numpy(),
        "architecture": f["architecture"].to_numpy(),
        "objective": _terms(f["training_objective"], "Training Objective"),
        "loss": _terms(f["loss_function"], "Loss Function"),
        "tasks": f["tasks"].to_numpy(),
        "modalities": f["modalities"].to_numpy(),
    })
    for column in NUMERIC_COLUMNS:
        low = f[f"{column}_low"].to_numpy(dtype=np.float64)
        high = f[f"{column}_high"].to_numpy(dtype=np.float64)
        high = np.where(np.isnan(high), low, high)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[column] = np.log10(np.sqrt(np.maximum(low, 1) * np.maximum(high, 1)))
    return out


def build_transformer() -> ColumnTransformer:
    numbers = make_pipeline(StandardScaler(),
                            SimpleImputer(strategy="constant", fill_value=0.0,
                                          add_indicator=True, keep_empty_features=True))
    w = BLOCK_WEIGHTS
    return ColumnTransformer(
        [("kind", OneHotEncoder(handle_unknown="ignore", sparse_output=False),
          ["model_type", "architecture"]),
         ("objective", MultiLabel(), ["objective"]),
         ("loss", MultiLabel(), ["loss"]),
         ("tasks", MultiLabel(), ["tasks"]),
         ("modalities", MultiLabel(), ["modalities"]),
         ("numbers", numbers, list(NUMERIC_COLUMNS))],
        transformer_weights=w, sparse_threshold=0.0)


@dataclass(frozen=True)
class FeatureSpace:
    """The fitted transformer and the catalog's unit-length float32 feature rows."""

    transformer_: ColumnTransformer
    matrix_: np.ndarray       # (n, d) float32, rows scaled to unit length
    names_: tuple[str, ...]

    def similarity_to(self, i: int) -> np.ndarray:
        """Cosine similarity of every model to model ``i``."""
        return self.matrix_ @ self.matrix_[i]


def fit_features(catalog: Catalog) -> FeatureSpace:
    frame = feature_frame(catalog)
    transformer = build_transformer()
    X = np.asarray(transformer.fit_transform(frame), dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    X = X / np.where(norms == 0, 1, norms)
    return FeatureSpace(transformer, X, tuple(transformer.get_feature_names_out()))
