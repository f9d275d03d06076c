"""The published annex of the notice of 10 July 2024 (2024-05 period), which the Golmud sample
must reproduce exactly. Embedded so the generator runs anywhere; when the shared spec copy
(../shared/spec/annex-2024-05.csv beside the repository) is present, it must be identical."""
from __future__ import annotations

import csv
import io
from pathlib import Path

SPEC_CSV = Path(__file__).resolve().parents[3] / "shared" / "spec" / "annex-2024-05.csv"

ANNEX_2024_05_CSV = """\
unit,submitted,submitted_ytd,info_province,info_province_ytd,info_prefecture,info_prefecture_ytd,info_city,info_city_ytd,brief_province,brief_province_ytd,brief_prefecture,brief_prefecture_ytd,brief_city,brief_city_ytd,points,points_ytd,verdict
市文体旅游广电局,22,55,0,0,4,4,3,6,2,2,0,2,0,4,127,197,合格
市交通运输局,12,21,0,0,3,4,4,6,3,3,1,1,0,0,127,161,合格
市发展和改革委员会,11,39,0,0,3,7,5,12,3,5,0,7,0,7,126,335,合格
市工业信息化和科技局,14,39,0,1,3,6,5,16,2,4,0,3,0,4,114,326,合格
市卫生健康委员会,16,40,0,0,2,5,2,9,2,4,1,3,1,2,94,241,合格
市市场监督管理局,27,88,0,0,1,1,2,4,1,1,0,2,4,10,79,178,合格
市人力资源和社会保障局,24,60,0,0,1,3,3,12,0,2,2,4,2,7,70,236,合格
市水利局,23,43,0,0,1,1,2,3,1,1,0,1,0,1,63,96,合格
市应急管理局,16,34,0,0,1,1,3,6,1,1,0,0,0,0,61,94,合格
市农牧局,10,30,0,1,1,6,2,13,1,4,1,3,1,5,58,305,合格
市数据局,8,25,0,0,1,2,2,5,0,0,1,4,1,4,41,112,合格
市公安局,20,67,0,0,0,0,1,1,0,0,2,3,1,5,38,102,合格
市财政局,19,38,0,0,0,1,0,2,0,0,2,4,2,5,35,98,合格
市司法局,17,40,0,0,0,1,2,6,0,0,1,2,1,3,35,104,合格
市人民法院,22,45,0,0,0,0,1,3,0,0,0,0,0,0,27,60,合格
昆仑经济技术开发区管委会,13,25,0,0,0,1,2,2,0,0,0,2,1,4,26,72,合格
市统计局,18,41,0,0,0,0,0,1,0,0,1,1,1,6,26,69,合格
市城市管理局,17,42,0,0,0,2,1,5,0,1,0,0,1,2,25,118,合格
市民政局,15,48,0,0,0,0,0,5,0,0,0,3,0,4,15,100,合格
市人民检察院,15,56,0,0,0,0,0,0,0,0,0,0,0,0,15,56,合格
东城区行委,14,51,0,0,0,0,0,2,0,0,0,1,0,1,14,69,合格
察尔汗行委,14,29,0,0,0,0,0,0,0,0,0,0,0,0,14,29,合格
西城区行委,11,30,0,0,0,0,0,3,0,0,0,0,0,2,11,51,合格
市审计局,9,25,0,0,0,0,0,0,0,0,0,0,0,0,9,25,合格
市民族宗教事务局,8,30,0,0,0,1,0,2,0,0,0,0,0,0,8,55,合格
市退役军人事务局,8,24,0,0,0,0,0,1,0,0,0,0,0,0,8,29,合格
格尔木农垦(集团),4,12,0,0,0,1,0,1,0,1,0,0,0,1,4,50,合格
市教育局,5,27,0,0,2,4,2,8,2,4,1,1,1,2,83,198,不合格
市自然资源局,17,37,0,0,1,3,1,5,1,2,0,1,0,1,52,145,不合格
市生态环境局,18,50,0,0,0,1,0,2,0,0,0,0,0,0,18,75,不合格
市林业和草原局,13,39,0,0,0,2,0,4,0,2,0,3,0,4,13,146,不合格
市住房和城乡建设局,10,30,0,0,0,1,0,1,0,1,0,3,1,5,13,95,不合格
国家税务总局格尔木市税务局,8,24,0,0,0,0,0,0,0,0,0,0,0,1,8,27,不合格
投资控股公司,1,3,0,0,0,0,0,0,0,0,0,0,0,0,1,3,不合格
"""


def annex_rows() -> dict[str, dict[str, object]]:
    """unit (表内名称) -> the annex row: integers for the figures, the verdict as text."""
    if SPEC_CSV.exists():
        published = SPEC_CSV.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        if published.strip() != ANNEX_2024_05_CSV.strip():
            raise AssertionError(f"embedded annex differs from {SPEC_CSV}")
    rows = {}
    for row in csv.DictReader(io.StringIO(ANNEX_2024_05_CSV)):
        rows[row["unit"]] = {k: (v if k in ("unit", "verdict") else int(v)) for k, v in row.items()}
    return rows
