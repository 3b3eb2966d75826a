"""How many SMS segments a text takes: GSM-7 when every character fits, UCS-2 otherwise."""

import math

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")  # each takes two septets (an escape, then the character)
GSM_SINGLE, GSM_PART = 160, 153  # a concatenated part loses 7 septets to its header
UCS2_SINGLE, UCS2_PART = 70, 67


def gsm_septets(text: str) -> int | None:
    """Septets the text needs in GSM-7, or None when some character is not in the alphabet."""
    septets = 0
    for char in text:
        if char in GSM_BASIC:
            septets += 1
        elif char in GSM_EXTENDED:
            septets += 2
        else:
            return None
    return septets


def count_segments(text: str) -> int:
    septets = gsm_septets(text)
    if septets is not None:
        return 1 if septets <= GSM_SINGLE else math.ceil(septets / GSM_PART)
    units = len(text.encode("utf-16-le")) // 2  # UCS-2 code units; astral characters take two
    return 1 if units <= UCS2_SINGLE else math.ceil(units / UCS2_PART)
