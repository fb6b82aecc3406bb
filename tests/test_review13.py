"""Review of detection round 10: a page's state is no request's data; a composer with enough
signals of its own comes before one its name makes up; catalogue checks of ``also`` and ``field``."""

from __future__ import annotations

import copy

import pytest

from zizhi.catalogue import Catalogue, DataError, load_toml
from zizhi.engine import load_engine
from zizhi_plugins.catalogue import HERE as CATALOGUE_DIR


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def test_also_naming_an_unknown_feature_is_a_data_error() -> None:
    data = copy.deepcopy(load_toml(CATALOGUE_DIR / "catalogue.toml"))
    entry = next(v for v in data["vocabulary"] if v.get("also"))
    entry["also"] = ["ugc_psot"]  # a typo would show nothing, silently
    with pytest.raises(DataError, match="names unknown features \\['ugc_psot'\\]"):
        Catalogue().add(data, "cat")


def test_a_field_entry_names_keys_in_lower_case() -> None:
    # the reader emits a key lower-cased (nickName: → nickname): a name in another case never matches
    data = copy.deepcopy(load_toml(CATALOGUE_DIR / "catalogue.toml"))
    entry = next(s for s in data["signal"] if s["kind"] == "field")
    entry["names"] = [*entry["names"], "nickName"]
    with pytest.raises(DataError, match="nickName"):
        Catalogue().add(data, "cat")
