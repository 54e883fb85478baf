"""The questionnaire form key: made once, private, never through a link; tags tie rows to fields."""
import os
import stat

import pytest

from vetting.io.errors import OutputError
from vetting.workflows import formkey


@pytest.fixture
def cfg(tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "cfg"))
    return tmp_path / "cfg"


def test_key_is_created_private_and_kept(cfg):
    key = formkey.form_key()
    assert len(key) == 32
    st = os.stat(cfg / "form-key")
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cfg).st_mode) == 0o700
    assert formkey.form_key() == key


def test_key_through_a_link_is_refused(cfg, tmp_path):
    cfg.mkdir(mode=0o700)
    other = tmp_path / "elsewhere"
    other.write_bytes(b"k" * 32)
    os.chmod(other, 0o600)
    (cfg / "form-key").symlink_to(other)
    with pytest.raises(OutputError) as e:
        formkey.form_key()
    assert "symbolic link" in e.value.reason


def test_key_readable_by_others_is_refused(cfg):
    formkey.form_key()
    os.chmod(cfg / "form-key", 0o644)
    with pytest.raises(OutputError) as e:
        formkey.form_key()
    assert e.value.key == "key_bad"


def test_tags_change_with_row_field_and_key(cfg):
    key = formkey.form_key()
    tag = formkey.row_tag(key, "abc123abc123", 7, "contract.auto_renewal.present")
    assert formkey.same(tag, formkey.row_tag(key, "abc123abc123", 7, "contract.auto_renewal.present"))
    assert not formkey.same(tag, formkey.row_tag(key, "abc123abc123", 8, "contract.auto_renewal.present"))
    assert not formkey.same(tag, formkey.row_tag(key, "abc123abc123", 7, "data_access.funds_access"))
    assert not formkey.same(tag, formkey.row_tag(b"x" * 32, "abc123abc123", 7, "contract.auto_renewal.present"))
    d = formkey.form_digest(key, "abc123abc123", "deal-1", [(7, "a.b"), (8, "c.d")])
    assert d != formkey.form_digest(key, "abc123abc123", "deal-1", [(7, "a.b")])
