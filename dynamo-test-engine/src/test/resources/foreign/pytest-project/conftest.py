"""Writes every marker of a test into the JUnit XML report as <property name="marker" value="..."/>.

Added at collection, so a test skipped before its fixtures run (a skip marker) keeps its markers.
"""

IGNORED = {"parametrize", "usefixtures", "filterwarnings", "skip", "skipif", "xfail"}


def pytest_collection_modifyitems(items):
    for item in items:
        for marker in item.iter_markers():
            if marker.name not in IGNORED:
                item.user_properties.append(("marker", marker.name))
