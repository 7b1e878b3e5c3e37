"""The landing page's "what Vireo does" lines, registered by each module's AppConfig.ready().

The public site promises only what is installed: a module that lands adds its own line
(an icon, a title and one sentence, lazy translations) and the page lists what is there.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicFeature:
    key: str
    order: int
    icon: str
    title: str
    text: str


_features: dict[str, PublicFeature] = {}


def public_feature_register(feature: PublicFeature) -> None:
    _features[feature.key] = feature


def public_features() -> list[PublicFeature]:
    return sorted(_features.values(), key=lambda f: (f.order, f.key))
