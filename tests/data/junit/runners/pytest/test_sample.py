# A small pytest suite covering every outcome, for dande's JUnit fixtures.
import pytest


def test_pass():
    assert 1 + 1 == 2


def test_fail():
    assert [1, 2] == [1, 3]


@pytest.fixture
def broken_setup():
    raise RuntimeError("setup exploded")


def test_setup_error(broken_setup):
    pass


@pytest.fixture
def broken_teardown():
    yield 1
    raise RuntimeError("cleanup failed")


def test_fail_then_teardown_error(broken_teardown):
    assert broken_teardown == 2


@pytest.mark.skip(reason="not on this platform")
def test_skip():
    pass


@pytest.mark.xfail(reason="known bug")
def test_xfail():
    assert False


@pytest.mark.parametrize("n", [1, 2, 3])
def test_param(n):
    assert n < 3
