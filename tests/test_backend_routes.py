"""A server's routes read as its framework maps them: a prefix declared once for a controller, a
router or a group, joined to each route under it, and the HTTP method a route takes (a route that
takes a POST writes, unless its path says it reads). Fixtures written from scratch."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project
from zizhi.context import Options
from zizhi.engine import check, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def endpoints(engine, root: Path, suffix: str) -> set[tuple[str, int, str]]:
    """(name, line, op) of the endpoint signals of the files ending with ``suffix``."""
    report = check([root], engine, Options())
    return {(s.name, s.location.line, s.attrs.get("op", "")) for p in report.projects for s in p.signals
            if s.kind == "endpoint" and s.location.path.endswith(suffix)}


SPRING = (
    "package app;\n"
    "import org.springframework.web.bind.annotation.*;\n"
    "/** @RequestMapping(\"/ignored/here\") in a comment */\n"
    "@RestController\n"
    "@RequestMapping(\"/comment\")\n"                                            # 5
    "@Api(tags = \"评论\")\n"
    "public class CommentController {\n"
    "    @PostMapping(\"/add\")\n"                                               # 8
    "    public Result add() { return null; }\n"
    "    @RequestMapping(path = {\"/list\", \"/{id}/replies\"}, method = RequestMethod.GET)\n"  # 10
    "    public Result list() { return null; }\n"
    "    @RequestMapping(value = \"/reply\", method = {RequestMethod.POST})\n"  # 12
    "    public Result reply() { return null; }\n"
    "    @PostMapping\n"                                                         # 14
    "    public Result create() { return null; }\n"
    "    // @PostMapping(\"/delete/all\")\n"
    "    @PostMapping(\"/search/history\")\n"                                    # 17: a POST that reads
    "    public Result history() { return null; }\n"
    "}\n"
)


def test_spring_class_mapping_joined_to_method_mappings(engine, tmp_path: Path) -> None:
    """Spring combines a class-level ``@RequestMapping`` with each method's mapping
    (``@RequestMapping("/comment")`` + ``@PostMapping("/add")`` maps ``POST /comment/add``), and
    ``@PostMapping`` is ``@RequestMapping(method = RequestMethod.POST)``: before, ``/add`` and
    ``/comment`` (one segment each) were not read at all, and no route took its method."""
    root = make_project(tmp_path / "p", {
        "server/pom.xml": "<project></project>\n",
        "server/src/main/java/app/CommentController.java": SPRING,
    })
    assert endpoints(engine, root, "CommentController.java") == {
        ("/comment/add", 8, "write"), ("/comment/list", 10, ""), ("/comment/{id}/replies", 10, ""),
        ("/comment/reply", 12, "write"), ("/comment", 14, "write"), ("/comment/search/history", 17, ""),
    }


def test_kotlin_mapping_and_a_class_mapping_no_method_uses(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "server/build.gradle.kts": "plugins { }\n",
        "server/src/main/kotlin/app/ChatController.kt": (
            "package app\n"
            "@RestController\n"
            "@RequestMapping(\"/chat\")\n"
            "class ChatController(private val svc: ChatService) {\n"
            "    @RequestMapping(\"/message\", method = [RequestMethod.POST])\n"   # 5
            "    fun message(): String = \"\"\n"
            "}\n"
        ),
        "server/src/main/java/app/Other.java": (
            "package app;\n"
            "@RequestMapping(\"/comment/admin\")\n"   # a class's mapping and nothing under it: read as before
            "public class Other { }\n"
        ),
    })
    assert endpoints(engine, root, "ChatController.kt") == {("/chat/message", 5, "write")}
    assert endpoints(engine, root, "Other.java") == {("/comment/admin", 2, "")}


def test_spring_hostile_mappings_do_not_crash(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "server/pom.xml": "<project></project>\n",
        "server/src/main/java/app/Bad.java": (
            "@RequestMapping(\"/comment\"\npublic class Bad {\n"            # unclosed
            + "@PostMapping(value = {\"/a\", \n" * 50                     # unclosed arrays
            + "@RequestMapping(value=\"/comment\") @X(" + "(" * 3000 + "\n"  # deep parentheses
            + "@PostMapping(\"/comment/add\")\n" * 3000                   # more than are read
            + "}\n"
        ),
    })
    found = endpoints(engine, root, "Bad.java")
    assert any(name == "/comment/add" and op == "write" for name, _line, op in found)
