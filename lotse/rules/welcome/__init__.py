"""The welcome plan and the § 45c notice as data and pure Python (no Django): dated tasks, nearest office."""
