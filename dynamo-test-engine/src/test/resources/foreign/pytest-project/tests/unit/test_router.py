import pytest


@pytest.mark.pre_merge
def test_routes_to_least_loaded_worker():
    assert min([3, 1, 2]) == 1


@pytest.mark.pre_merge
@pytest.mark.parametrize("block_size", [16, 64, 17])
def test_kv_block_hash(block_size):
    assert block_size % 16 == 0, f"block size {block_size} is not a multiple of 16"


@pytest.mark.pre_merge
def test_rejects_empty_prompt():
    prompt = ""
    assert len(prompt) > 0, "empty prompt was accepted"


class TestTokenizer:
    @pytest.mark.slow
    def test_roundtrip(self):
        assert "abc".encode().decode() == "abc"
