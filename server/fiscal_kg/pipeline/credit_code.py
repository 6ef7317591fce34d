"""The unified social credit code (统一社会信用代码, GB 32100-2015): the national identifier of
every legal person and other organisation in China, government bodies included.

Eighteen characters of 0-9 and the capital letters without I, O, Z, S and V: the registration
authority (1 机构编制, 5 民政, 9 工商 ...), the kind of body (for 1: 1 机关, 2 事业单位 ...), the
registering authority's administrative division code (six digits), the organisation code
(nine characters) and a check character: with the values of the 31 characters in order
(0-9 are 0-9, A is 10 ... Y is 30) and the weights 3^i mod 31 of the first 17 positions,
the check character's value is 31 - (weighted sum mod 31), 31 being written 0.
"""

from __future__ import annotations

import re

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
SHAPE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")


def check_character(first17: str) -> str:
    """The check character of the first 17 characters of a code.

    >>> check_character("91350100M000100Y4")
    '3'
    """
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """What is wrong with a unified social credit code, or None when it is well formed and its
    check character is right.

    >>> credit_code_problem("91350100M000100Y43") is None
    True
    >>> credit_code_problem("91350100M000100Y44")
    "the check digit (the 18th character) is '4', but the first 17 give '3'"
    """
    if len(code) != 18:
        return f"a unified social credit code has 18 characters, this one {len(code)}"
    wrong = sorted({char for char in code if char not in CHARSET})
    if wrong:
        return ("a unified social credit code is made of 0-9 and the capital letters other "
                f"than I, O, Z, S and V; it holds {', '.join(repr(c) for c in wrong)}")
    if SHAPE.fullmatch(code) is None:
        return "characters 3 to 8 of a unified social credit code are an administrative " \
               "division code (six digits)"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"the check digit (the 18th character) is {code[17]!r}, but the first 17 give {expected!r}"
    return None
