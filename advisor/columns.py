"""The catalog's columns (no imports, so the CLI can name them at start-up)."""

__all__ = ["REQUIRED_COLUMNS", "OPTIONAL_COLUMNS", "COLUMNS"]

REQUIRED_COLUMNS = ("name", "model_type", "architecture", "training_objective",
                    "loss_function", "parameter_count", "token_limit",
                    "image_resolution", "license")
OPTIONAL_COLUMNS = ("vision_component", "text_component", "training_data_size", "url",
                    "origin", "tasks", "modalities", "organisation", "license_spdx",
                    "commercial_use", "open_weights", "hf_id", "source", "as_of",
                    "caveats")
COLUMNS = ("name", "model_type", "architecture", "vision_component", "text_component",
           "training_objective", "loss_function", "parameter_count", "token_limit",
           "image_resolution", "training_data_size", "license", "url",
           *OPTIONAL_COLUMNS[4:])
