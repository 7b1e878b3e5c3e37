"""The new office's getting-started checklist, filled by each module's AppConfig.ready().

A step knows when it is done (`done(request)`: one cheap query), so the checklist ticks
itself off as the office works: the welcome page after signup and the dashboard show it
until every step is done or an administrator hides it. A step whose screen is not installed
(its URL does not resolve) is left out.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class OnboardingStep:
    key: str
    order: int
    label: str  # a lazy translation
    url_name: str
    icon: str
    done: Callable  # request -> bool


_steps: dict[str, OnboardingStep] = {}


def onboarding_step_register(step: OnboardingStep) -> None:
    _steps[step.key] = step


def onboarding_steps(*, request) -> list[dict]:
    shown = []
    for step in sorted(_steps.values(), key=lambda s: (s.order, s.key)):
        try:
            url = reverse(step.url_name)
        except NoReverseMatch:
            continue
        shown.append(
            {
                "key": step.key,
                "label": step.label,
                "url": url,
                "icon": step.icon,
                "done": bool(step.done(request)),
            }
        )
    return shown
