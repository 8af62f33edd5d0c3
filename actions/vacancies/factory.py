"""The vacancy source the actions use, chosen by the VACANCY_SOURCE setting.

- `local` (the default): the local index (VACANCY_INDEX_PATH), filled with the sample vacancies
  (VACANCY_SAMPLE_PATH) when it is empty.
- `workinrussia`: the Work in Russia open-data API (WORKINRUSSIA_API_URL), with its answers cached
  in Redis (REDIS_URL, VACANCY_CACHE_TTL_S); when it fails or is slower than VACANCY_TIMEOUT_S the
  local index answers instead, and the actions say so.
- anything with a dot, `package.module.ClassName`: a vacancy source of your own. This is how a
  third party plugs in its national job board without touching the actions: write a class that
  implements `actions.vacancies.source.VacancySource` (search, get, close and a `name`), whose
  constructor takes the settings, `ClassName(config: ActionsConfig)`, make its module importable
  by the action server, and set VACANCY_SOURCE=package.module.ClassName.
"""

from __future__ import annotations

import importlib

from actions.config import ActionsConfig
from actions.vacancies.source import VacancySource

BUILT_IN = ("local", "workinrussia")


class VacancySourceSettingError(ValueError):
    """VACANCY_SOURCE names no usable vacancy source."""


async def open_source(config: ActionsConfig) -> VacancySource:
    """The source VACANCY_SOURCE names, ready to search; the caller closes it."""
    choice = config.vacancy_source.strip()
    if choice == "local":
        return await _open_local(config)
    if choice == "workinrussia":
        return await _open_workinrussia(config)
    if "." in choice:
        return _plugin(choice, config)
    raise VacancySourceSettingError(
        f"VACANCY_SOURCE={choice!r} is not a vacancy source: use one of {', '.join(BUILT_IN)} "
        "or the dotted path of your own source class, package.module.ClassName"
    )


# The built-in sources are imported when chosen: they load the lemmatiser (pymorphy3 dictionaries),
# which a plug-in source may not need.


async def _open_local(config: ActionsConfig) -> VacancySource:
    from actions.vacancies.local import open_local_index

    return await open_local_index(config.vacancy_index_path, config.vacancy_sample_path)


async def _open_workinrussia(config: ActionsConfig) -> VacancySource:
    from actions.vacancies.cache import QueryCache
    from actions.vacancies.fallback import FallbackSource
    from actions.vacancies.workinrussia import WorkInRussiaSource

    fallback = await _open_local(config)
    primary = WorkInRussiaSource(
        config.workinrussia_api_url,
        timeout_s=config.vacancy_timeout_s,
        cache=QueryCache.from_config(config),
        regions_path=config.content_dir / "workinrussia_regions.yml",
    )
    return FallbackSource(primary, fallback, timeout_s=config.vacancy_timeout_s)


def _plugin(dotted_path: str, config: ActionsConfig) -> VacancySource:
    module_name, _, class_name = dotted_path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise VacancySourceSettingError(
            f"VACANCY_SOURCE={dotted_path!r}: module {module_name!r} cannot be imported ({error})"
        ) from error
    source_class = getattr(module, class_name, None)
    if not callable(source_class):
        raise VacancySourceSettingError(
            f"VACANCY_SOURCE={dotted_path!r}: {module_name!r} has no class {class_name!r}"
        )
    source = source_class(config)
    if not isinstance(source, VacancySource):
        raise VacancySourceSettingError(
            f"VACANCY_SOURCE={dotted_path!r}: {class_name} does not implement VacancySource "
            "(name, search, get, close)"
        )
    return source
