"""A small hand-written world of lookups: two systems, worked out by hand in the tests."""

from __future__ import annotations

from pathlib import Path

from ltpif.geography import lookups as files

S1, S2 = "E54000001", "E54000002"
# any code a system has had → its pack code (S1 changed its ONS code to E54000091)
SYSTEMS = {S1: S1, "QAA": S1, "E54000091": S1, S2: S2, "QBB": S2}

LOOKUPS = {
    files.CCG_2019: """ccg19cdh,stp19cd,stp19nm,flag,nhser19cdh,nhser19nm
01A,E54000001,Alpha,1,Y01,North
02B,E54000002,Beta,1,Y01,North
03C,E54000002,Beta,1,Y01,North
""",
    files.CCG_LEGACY: """ccg_code_legacy,ccg21cdh,ccg21nm,stp21cd
01A,01A,NHS ALPHA CCG,E54000091
02B,99Z,NHS MERGED CCG,E54000002
03C,99Z,NHS MERGED CCG,E54000002
""",
    files.TRUSTS: """org_code,name,high_level_health_geography_stp
RAA,ALPHA TRUST,QAA
RBB,BETA TRUST,QBB
RWW,WELSH TRUST,Q99
""",
    files.UPPER_TIER: """LA21,UTLA21,ICS22,share_of_utla_registered_pop
E06000001,Northtown,QAA,1.0
E10000002,Bigshire,QAA,0.25
E10000002,Bigshire,QBB,0.75
""",
    files.DISTRICTS: """LAD20CD,LAD20NM,STP20CD
E07000001,Little,E54000091
E07000002,Border,E54000091
E07000002,Border,E54000002
""",
    files.PCNS: "PCN Code,PCN Name,Current Clinical Commissioning Group Code,"
    """Clinical Commissioning Group Name
U00001,ALPHA PCN,01A,NHS ALPHA CCG (2019)
U00002,BETA PCN,02B,NHS BETA CCG
""",
    files.PRACTICES: """Partner Organisation Code,Partner Name,Practice Parent CCG Code,PCN Code
A00001,ONE SURGERY,01A,U00001
A00002,TWO SURGERY,03C,U00002
A00003,THREE SURGERY,01A,U00002
""",
    files.CANCER_ALLIANCES: """\ufeffCCG21CDH,CAL21CD,CAL21NM
01A,E56000001,Alpha Alliance
99Z,E56000002,Beta Alliance
""",
}


def write_lookups(folder: Path, **replace: str | bytes | None) -> Path:
    """The small world in `folder`; `replace` maps a file's constant name (e.g. TRUSTS) to
    other text or bytes, or None to leave the file out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in LOOKUPS.items():
        constant = next(k for k in dir(files) if getattr(files, k) == name)
        content = replace.get(constant, text)
        if content is None:
            continue
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder
