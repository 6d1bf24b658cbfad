"""Naming the cycles among dates that depend on each other, so `check` can say exactly which."""

from __future__ import annotations

from collections.abc import Iterator

_Key = tuple[str, str]  # (event id, "date" | "end")


def cycles(graph: dict[_Key, list[_Key]], stuck: set[_Key]) -> list[list[_Key]]:
    """The distinct cycles among nodes that never became ready, each named once, iteratively.

    Nodes that are stuck only because they read a cycle are not reported: the cycle is the problem.
    """
    cycles: list[list[_Key]] = []
    state: dict[_Key, int] = {}  # 1 on the current path, 2 finished
    for root in sorted(stuck):
        if root in state:
            continue
        path: list[_Key] = []
        stack: list[tuple[_Key, Iterator[_Key]]] = [(root, iter(graph[root]))]
        state[root] = 1
        path.append(root)
        while stack:
            node, inputs = stack[-1]
            advanced = False
            for nxt in inputs:
                if nxt not in stuck:
                    continue
                if state.get(nxt) == 1:
                    cycles.append(path[path.index(nxt) :])
                elif nxt not in state:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append((nxt, iter(graph[nxt])))
                    advanced = True
                    break
            if not advanced:
                state[node] = 2
                path.pop()
                stack.pop()
    return cycles
