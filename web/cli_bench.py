"""`thidua bench [--quick] [--only P1,P2] [...]`: the same as `python -m bench`.

thidua bench --quick          chạy nhanh mọi cặp đo (kiểm tra trong CI, < 3 phút)
thidua bench --only P2,P6     chỉ đo các cặp đã chọn; `thidua bench --help`: mọi tuỳ chọn

Every option is passed to bench/__main__.py unchanged (one parser, one set of options).
The benchmark builds its own stores in a temporary directory: it does not touch the
store this command would otherwise open, so no application context is pushed.
"""

from __future__ import annotations

import click


@click.command(
    "bench",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,  # --help goes to the benchmark's own parser, which lists its options
    help="Đo hiệu năng: thidua bên cạnh các thư viện nền (như `python -m bench`; --help).",
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench_cli(args: tuple[str, ...]) -> None:
    try:
        from bench.__main__ import main
    except ImportError as e:
        raise click.ClickException(
            f"Không tìm thấy gói bench ({e}): cài thidua từ mã nguồn (`pip install -e .`)."
        ) from None
    code = main(list(args), prog="thidua bench")
    if code:
        raise SystemExit(code)
