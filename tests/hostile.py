"""Inputs made to cost a lot: each test that refuses one takes it from here."""

from __future__ import annotations


def alias_bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        previous, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "---\n" + "\n".join(lines) + "\n---\n# t\n"
