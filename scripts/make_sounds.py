"""Generate the alarm tones in resources/sounds/: one short, distinct pattern per alarm family.

A duty officer must tell the family by ear before looking at the wall, so the patterns differ in
rhythm and pitch, not only in loudness:

- one_key.wav  一键报警: a fast two-tone siren (the most urgent sound of the console)
- care.wav     care_* 独居老人/烟感/跌倒: a descending three-note chime, repeated
- ai.wav       ai_* 摄像头智能识别: two pairs of short high beeps
- gate.wav     gate_* 门禁异常: three low, buzzy pulses

Run: `.venv/bin/python scripts/make_sounds.py` (deterministic; the files are committed, < 100 KB each).
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 22050  # enough for tones below 2 kHz, and keeps each file small
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds"


def tone(freq: float, seconds: float, *, harmonics: tuple[float, ...] = (1.0,), level: float = 0.6) -> np.ndarray:
    """A tone with a short attack and release, so notes never click."""
    t = np.arange(int(RATE * seconds)) / RATE
    wave_ = sum(a * np.sin(2 * np.pi * freq * (i + 1) * t) for i, a in enumerate(harmonics))
    wave_ = wave_ / max(sum(harmonics), 1e-9)
    ramp = min(len(t) // 4, int(RATE * 0.01))
    env = np.ones_like(t)
    if ramp:
        env[:ramp] = np.linspace(0, 1, ramp)
        env[-ramp:] = np.linspace(1, 0, ramp)
    return level * wave_ * env


def chime(freq: float, seconds: float) -> np.ndarray:
    """A bell-like note: exponential decay after the attack."""
    t = np.arange(int(RATE * seconds)) / RATE
    return tone(freq, seconds, harmonics=(1.0, 0.3, 0.1), level=0.7) * np.exp(-4.0 * t)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


def one_key() -> np.ndarray:
    parts = []
    for _ in range(4):
        parts += [tone(960, 0.14, harmonics=(1.0, 0.4)), tone(770, 0.14, harmonics=(1.0, 0.4))]
    return np.concatenate(parts)


def care() -> np.ndarray:
    notes = [chime(f, 0.22) for f in (880.0, 698.5, 587.3)]
    return np.concatenate(notes + [silence(0.12)] + notes)


def ai() -> np.ndarray:
    beep = tone(1400, 0.07, level=0.55)
    pair = np.concatenate([beep, silence(0.05), beep])
    return np.concatenate([pair, silence(0.25), pair])


def gate() -> np.ndarray:
    # Odd harmonics make it buzzy (square-like), unmistakable next to the pure AI beeps.
    pulse = tone(330, 0.18, harmonics=(1.0, 0.0, 0.33, 0.0, 0.2), level=0.7)
    return np.concatenate([pulse, silence(0.08), pulse, silence(0.08), pulse])


PATTERNS = {"one_key": one_key, "care": care, "ai": ai, "gate": gate}


def write_wav(path: Path, samples: np.ndarray) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in PATTERNS.items():
        path = OUT / f"{name}.wav"
        write_wav(path, make())
        print(f"{path.relative_to(OUT.parents[1])}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
