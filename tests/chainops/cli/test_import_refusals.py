"""``chainops import`` refuses a bad file in sentences and exit code 1, never a traceback: a
file that is not what its name says, numbers no column holds, text wider than its column, and
a sheet past CHAINOPS_IMPORT_MAX_ROWS / _MAX_COLUMNS."""

from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner, Result

from chainops.cli import app
from chainops.settings import Settings, get_settings
from tests.services.workbooks import small_city, snapshot, write_workbook


def run(runner: CliRunner, *args: str) -> Result:
    # Exceptions are caught, so one that escapes shows as a failed exit, not a pytest error.
    return runner.invoke(app, list(args))


def _refused(result: Result, path: Path) -> list[str]:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{path}: " in result.stderr and "nothing was imported" in result.stderr
    return result.stderr.splitlines()[:-1]


def test_bad_files_of_every_format_are_refused_in_a_sentence(
    chainops: CliRunner, session: Session, tmp_path: Path
) -> None:
    before = snapshot(session)
    files = {
        "binary.yaml": b"\x89PNG\r\n\x1a\n\xff\xfe",
        "text.xlsx": b"code,name\n",
        "empty.yml": b"",
        "zip.xlsm": b"PK\x05\x06" + b"\x00" * 18,  # an empty zip archive
    }
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        [line] = _refused(run(chainops, "import", str(path)), path)
        assert line.startswith(f"sheet {name!r}: cannot read")
    assert snapshot(session) == before


def test_cells_no_column_holds_are_refused_with_sheet_row_and_column(
    chainops: CliRunner, session: Session, tmp_path: Path
) -> None:
    before = snapshot(session)
    sheets = small_city()
    sheets["Chains"][1][3] = 2**63  # position: was an OverflowError
    sheets["Factor requests"][1][5] = "nan"  # quantity: was an IntegrityError
    sheets["Factor requests"][1][6] = "平方米" * 6  # unit: 18 characters in a VARCHAR(16)
    path = write_workbook(tmp_path / "bad.xlsx", sheets)

    lines = _refused(run(chainops, "import", str(path)), path)

    assert lines == [
        "sheet 'Chains', row 2, column 'Position': expected a whole number from "
        "-2,147,483,648 to 2,147,483,647, got 9223372036854775808",
        "sheet 'Factor requests', row 2, column 'Quantity': the quantity must be a finite "
        "number, not nan",
        "sheet 'Factor requests', row 2, column 'Unit': at most 16 characters, not 18",
    ]
    assert snapshot(session) == before


def test_the_sheet_limits_are_settings(
    chainops: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = small_city()
    sheets["Departments"].append(["FGW", "市发展和改革委员会", None, None])  # 4 rows
    path = write_workbook(tmp_path / "city.xlsx", sheets)
    monkeypatch.setenv("CHAINOPS_IMPORT_MAX_ROWS", "3")
    get_settings.cache_clear()
    assert _refused(run(chainops, "import", "--dry-run", str(path)), path) == [
        "sheet 'Departments': the sheet declares 4 rows × 4 columns; a sheet may have at most "
        "3 rows × 200 columns: delete the rows and columns past the data and save it again"
    ]

    monkeypatch.setenv("CHAINOPS_IMPORT_MAX_ROWS", "4")
    monkeypatch.setenv("CHAINOPS_IMPORT_MAX_COLUMNS", "10")
    get_settings.cache_clear()
    lines = _refused(run(chainops, "import", "--dry-run", str(path)), path)
    assert [line.split(":")[0] for line in lines] == ["sheet 'Key projects'"]  # 11 columns

    monkeypatch.delenv("CHAINOPS_IMPORT_MAX_ROWS")
    monkeypatch.delenv("CHAINOPS_IMPORT_MAX_COLUMNS")
    get_settings.cache_clear()
    assert run(chainops, "import", "--dry-run", str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("import_max_rows", 1, "CHAINOPS_IMPORT_MAX_ROWS: at least 2, not 1"),
        ("import_max_columns", 0, "CHAINOPS_IMPORT_MAX_COLUMNS: at least 1, not 0"),
    ],
)
def test_a_limit_that_leaves_no_room_is_refused(name: str, value: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**{name: value})
