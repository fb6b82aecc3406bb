"""Audit of how native WeChat mini-programs are read (branch audit27): constructs of WXML, WXS and page
and component scripts that zizhi read otherwise than the platform does. Fixtures are written here from
scratch."""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECT_CONFIG, feats, project, write_files


def _pages(**pages: str) -> dict[str, str]:
    """A WeChat project registering one page per keyword, each with the template given."""
    names = [f"pages/{n}/{n}" for n in pages]
    files = {"project.config.json": PROJECT_CONFIG, "app.js": "App({})\n",
             "app.json": '{"pages": [' + ", ".join(f'"{n}"' for n in names) + "]}\n"}
    for n, wxml in pages.items():
        files[f"pages/{n}/{n}.wxml"] = wxml
        files[f"pages/{n}/{n}.js"] = "Page({})\n"
    return files


# ---------------------------------------------------------------- open-type="a|b": the coupled button


def test_a_coupled_open_type_is_each_of_its_types(run, tmp_path: Path) -> None:
    """WeChat's privacy agreement button couples with the phone number, real-time phone number and user
    info buttons: ``open-type="getPhoneNumber|agreePrivacyAuthorization"`` (from base library 2.33.1,
    隐私协议开发指南) is one tap that agrees and asks for the phone number. It is a phone number button,
    in either order and inside a binding's branch; a list holding neither is not."""
    cases = {
        "phone": ('<button open-type="getPhoneNumber|agreePrivacyAuthorization" '
                  'bindgetphonenumber="p" bindagreeprivacyauthorization="a">同意并授权</button>', {"phone_number"}),
        "realtime": ('<button open-type="agreePrivacyAuthorization|getRealtimePhoneNumber" '
                     'bind:getrealtimephonenumber="p">同意</button>', {"phone_number"}),
        "branch": ("""<button open-type="{{old ? 'getPhoneNumber' : 'getPhoneNumber|agreePrivacyAuthorization'}}">"""
                   "x</button>", {"phone_number"}),
        "profile": ('<button open-type="getUserInfo|agreePrivacyAuthorization">同意</button>', {"user_profile"}),
        "neither": ('<button open-type="contact|agreePrivacyAuthorization">x</button>', set()),
        "url": ('<button open-type="https://x.test/a|getPhoneNumber">x</button>', set()),
    }
    for case, (tag, found) in cases.items():
        write_files(tmp_path / case, _pages(index=f"<view>{tag}</view>\n"))
        _, report = run.report(tmp_path / case)
        assert feats(project(report)) & {"phone_number", "user_profile"} == found, case


def test_a_coupled_value_is_read_bounded() -> None:
    from zizhi.catalogue import _names_of

    assert _names_of("getphonenumber|agreeprivacyauthorization") == (
        "getphonenumber|agreeprivacyauthorization", "getphonenumber", "agreeprivacyauthorization")
    assert _names_of("getphonenumber") == ("getphonenumber",)
    assert _names_of("a || b") == ("a || b",)  # an expression, not a list of names
    hostile = "|".join(["getphonenumber"] * 50)
    assert _names_of(hostile) == (hostile,)  # too long to be read as a list


# ---------------------------------------------------------------- promisifyAll(wx, wxp)


def _script_pages(**scripts: str) -> dict[str, str]:
    files = _pages(**{n: "<view>x</view>\n" for n in scripts})
    for n, js in scripts.items():
        files[f"pages/{n}/{n}.js"] = js
    return files


def test_promisify_all_makes_its_target_the_api_object(run, tmp_path: Path) -> None:
    """WeChat's miniprogram-api-promise (developers.weixin.qq.com/miniprogram/dev/extended/utils/
    api-promise.html): ``promisifyAll(wx, wxp)`` puts every API of ``wx``, promisified, on ``wxp``, so
    ``await wxp.requestPayment(order)`` pays. Not a call of another name, nor one whose first argument is
    no API object."""
    head = "import { promisifyAll } from 'miniprogram-api-promise'\nconst wxp = {}\n"
    cases = {
        "documented": (head + "promisifyAll(wx, wxp)\n"
                       "Page({ async buy(o) { await wxp.requestPayment(o) } })\n", {"payment"}),
        "through-alias": ("const w = wx\nconst p = {}\npromisifyAll(w, p)\n"
                          "Page({ go() { p.requestPayment({}).then(() => {}) } })\n", {"payment"}),
        "other-object": (head + "const api = {}\npromisifyAll(api, wxp)\n"
                         "Page({ buy(o) { wxp.requestPayment(o) } })\n", set()),
        "other-function": (head + "extend(wx, wxp)\nPage({ buy(o) { wxp.requestPayment(o) } })\n", set()),
    }
    for case, (js, found) in cases.items():
        write_files(tmp_path / case, _script_pages(index=js))
        _, report = run.report(tmp_path / case)
        assert feats(project(report)) & {"payment"} == found, case
