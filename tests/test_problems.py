"""studynotes.problems: the problems an exception carries are found along its chain of causes."""

from __future__ import annotations

from studynotes.problems import NotesError, Problem, causes, problems_in

PROBLEM = Problem("docs/questions/070.md", 3, "broken", "壊れています")


def raised(make):
    try:
        make()
    except BaseException as e:
        return e
    raise AssertionError("nothing was raised")


def test_the_problems_are_found_along_the_causes_and_contexts():
    def from_cause():
        raise RuntimeError("Aborted") from NotesError(PROBLEM)

    def while_handling():
        try:
            raise NotesError([PROBLEM])
        except NotesError:
            raise RuntimeError("while handling")  # noqa: B904 (the context is what is tested)

    assert problems_in(NotesError(PROBLEM)) == [PROBLEM]
    assert problems_in(raised(from_cause)) == [PROBLEM]
    assert problems_in(raised(while_handling)) == [PROBLEM]


def test_no_problems_without_an_exception_that_carries_them():
    error = ValueError("no such template")
    error.problems = ["not a problem"]
    assert problems_in(None) == [] and problems_in(error) == [] and problems_in(RuntimeError()) == []


def test_a_cycle_of_causes_ends():
    a, b = RuntimeError("a"), RuntimeError("b")
    a.__cause__, b.__cause__ = b, a
    assert causes(a) == [a, b] and problems_in(a) == []
