"""JUnit XML, for CI systems that show test reports: one test suite per project and one test
case per obligation (passing when held; failing with each of its findings) and per finding that
has no obligation (suppression problems). Notes do not fail a test case; they go to its output."""

from __future__ import annotations

from zizhi.lazyre import lazy
from zizhi.report import Report

from .common import chain, rows

_BAD_XML = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return _BAD_XML.sub("\ufffd", text)


def render_junit(report: Report) -> str:
    import xml.etree.ElementTree as ET  # only when JUnit is asked for

    lang = report.lang
    suites = ET.Element("testsuites", name="zizhi")
    by_project: dict[int, list] = {}
    for row in rows(report):
        by_project.setdefault(id(row.project), []).append(row)
    total = failed = 0
    for p in report.projects:
        suite = ET.SubElement(suites, "testsuite", name=_x(f"zizhi {p.relroot}"))
        mine = by_project.get(id(p), [])
        cases: list[tuple[str, str, list]] = []  # (name, classname, rows)
        skipped: set[str] = set()
        for ob in p.obligations:
            cases.append((ob.id, f"zizhi.{ob.kind}", [r for r in mine if r.finding.obligation == ob.id]))
            if not ob.held and not cases[-1][2]:
                skipped.add(ob.id)
        for r in mine:
            if not r.finding.obligation or all(r.finding.obligation != ob.id for ob in p.obligations):
                cases.append((f"{r.finding.code} {r.path}:{r.finding.location.line}", "zizhi.finding", [r]))
        failures = 0
        for name, classname, found in cases:
            case = ET.SubElement(suite, "testcase", name=_x(name), classname=_x(classname))
            if found:
                case.set("file", _x(found[0].path))
                case.set("line", str(found[0].finding.location.line))
            if name in skipped and classname != "zizhi.finding":
                ET.SubElement(case, "skipped", message="not held, and not reported: rule switched off, suppressed, "
                              "in the baseline or existing before --diff")
            notes = []
            for r in found:
                f = r.finding
                detail = "\n".join([f"{f.location}: {f.message(lang)}",
                                    *[f"  {e.signal.location}: {chain(f, e)}" for e in f.evidence[:20]],
                                    *([f"  {f.fix(lang)}"] if f.fix(lang) else [])])
                if f.severity.value == "note":
                    notes.append(detail)
                    continue
                el = ET.SubElement(case, "failure", type=f"{f.code} {f.severity.value}", message=_x(f.message(lang)))
                el.text = _x(detail)
            if any(el.tag == "failure" for el in case):
                failures += 1
            if notes:
                ET.SubElement(case, "system-out").text = _x("\n\n".join(notes))
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total += len(cases)
        failed += failures
    suites.set("tests", str(total))
    suites.set("failures", str(failed))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
