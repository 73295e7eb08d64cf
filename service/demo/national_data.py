"""Sample data of the national load (`thidua demo --scale national`): who and how big.

The 34 provinces and centrally-run cities are the real ones (after the 2025 merger);
the national sector unions are real names too. Everything else (lower units, their
names and sizes, figures) is SAMPLE data drawn from a seeded generator: the same seed
gives the same nation. Names carry full Vietnamese diacritics.
"""

from __future__ import annotations

import random

CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
PROVINCES = [  # code, place
    ("HANOI", "Hà Nội"), ("HUE", "Huế"), ("LAICHAU", "Lai Châu"), ("DIENBIEN", "Điện Biên"),
    ("SONLA", "Sơn La"), ("LANGSON", "Lạng Sơn"), ("QUANGNINH", "Quảng Ninh"),
    ("THANHHOA", "Thanh Hóa"), ("NGHEAN", "Nghệ An"), ("HATINH", "Hà Tĩnh"),
    ("CAOBANG", "Cao Bằng"), ("TUYENQUANG", "Tuyên Quang"), ("LAOCAI", "Lào Cai"),
    ("THAINGUYEN", "Thái Nguyên"), ("PHUTHO", "Phú Thọ"), ("BACNINH", "Bắc Ninh"),
    ("HUNGYEN", "Hưng Yên"), ("HAIPHONG", "Hải Phòng"), ("NINHBINH", "Ninh Bình"),
    ("QUANGTRI", "Quảng Trị"), ("DANANG", "Đà Nẵng"), ("QUANGNGAI", "Quảng Ngãi"),
    ("GIALAI", "Gia Lai"), ("KHANHHOA", "Khánh Hòa"), ("LAMDONG", "Lâm Đồng"),
    ("DAKLAK", "Đắk Lắk"), ("HCM", "Hồ Chí Minh"), ("DONGNAI", "Đồng Nai"),
    ("TAYNINH", "Tây Ninh"), ("CANTHO", "Cần Thơ"), ("VINHLONG", "Vĩnh Long"),
    ("DONGTHAP", "Đồng Tháp"), ("CAMAU", "Cà Mau"), ("ANGIANG", "An Giang"),
]  # fmt: skip
SECTOR_UNIONS = [  # code, name
    ("CDGD", "Công đoàn Giáo dục Việt Nam"), ("CDYT", "Công đoàn Y tế Việt Nam"),
    ("CDCT", "Công đoàn Công Thương Việt Nam"), ("CDXD", "Công đoàn Xây dựng Việt Nam"),
    ("CDGTVT", "Công đoàn Giao thông vận tải Việt Nam"),
    ("CDNN", "Công đoàn Nông nghiệp và Phát triển nông thôn Việt Nam"),
    ("CDNH", "Công đoàn Ngân hàng Việt Nam"), ("CDDK", "Công đoàn Dầu khí Việt Nam"),
    ("CDDL", "Công đoàn Điện lực Việt Nam"), ("CDBD", "Công đoàn Bưu điện Việt Nam"),
    ("CDCAND", "Công đoàn Công an nhân dân"), ("CDQP", "Công đoàn Quốc phòng"),
    ("CDVC", "Công đoàn Viên chức Việt Nam"), ("CDHK", "Công đoàn Tổng công ty Hàng không Việt Nam"),
    ("CDTKS", "Công đoàn Than - Khoáng sản Việt Nam"), ("CDDM", "Công đoàn Dệt May Việt Nam"),
    ("CDCS", "Công đoàn Cao su Việt Nam"), ("CDTC", "Công đoàn Tài chính Việt Nam"),
    ("CDTTTT", "Công đoàn Thông tin và Truyền thông Việt Nam"),
    ("CDDS", "Công đoàn Đường sắt Việt Nam"),
]  # fmt: skip
PROVINCE_CLUSTERS = [  # 8 clusters of provinces, by region
    ("TDMNPB", "Cụm thi đua LĐLĐ các tỉnh Trung du, miền núi phía Bắc"),
    ("DBSH", "Cụm thi đua LĐLĐ các tỉnh, thành phố Đồng bằng sông Hồng"),
    ("BTB", "Cụm thi đua LĐLĐ các tỉnh Bắc Trung Bộ"),
    ("DHMT", "Cụm thi đua LĐLĐ các tỉnh, thành phố Duyên hải miền Trung"),
    ("TN", "Cụm thi đua LĐLĐ các tỉnh Tây Nguyên"),
    ("DNB", "Cụm thi đua LĐLĐ các tỉnh, thành phố Đông Nam Bộ"),
    ("TNB", "Cụm thi đua LĐLĐ các tỉnh, thành phố Tây Nam Bộ"),
    ("TP", "Cụm thi đua LĐLĐ các thành phố trực thuộc Trung ương"),
]
SECTOR_CLUSTERS = [
    ("KHOI1", "Khối thi đua Công đoàn ngành Trung ương số 1"),
    ("KHOI2", "Khối thi đua Công đoàn ngành Trung ương số 2"),
    ("KHOI3", "Khối thi đua Công đoàn ngành Trung ương số 3"),
    ("KHOI4", "Khối thi đua Công đoàn ngành Trung ương số 4"),
]
GRASSROOTS_NATIONAL = 130_000  # công đoàn cơ sở in the whole term review
INTERMEDIATE = {"province": (12, 28), "sector": (6, 14)}  # lower federations per federation

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
_PLACES = [
    "Hòa Bình",
    "Phú Lộc",
    "Tân Phước",
    "Quảng Điền",
    "Đông Hưng",
    "Thạch Thất",
    "Yên Lạc",
    "Bình Lục",
    "Hương Sơn",
    "Kim Thành",
    "Cẩm Phả",
    "Ngọc Lặc",
    "Đức Thọ",
    "Phước Long",
    "Long Thành",
    "Châu Đốc",
    "Mỹ Tho",
    "Sóc Trăng",
    "Bảo Lộc",
    "Buôn Hồ",
]
_TRADES = [
    "May mặc",
    "Da giày",
    "Chế biến thủy sản",
    "Điện tử",
    "Cơ khí",
    "Xi măng",
    "Gạch men",
    "Vận tải",
    "Xây dựng",
    "Thực phẩm",
    "Chè",
    "Cà phê",
    "Gỗ",
    "Dệt",
    "Nhựa",
    "Bao bì",
]
_FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"]
_SCHOOLS = ["Trường Tiểu học", "Trường Trung học cơ sở", "Trường Mầm non", "Trường THPT"]
_LOCAL_SECTORS = ["Giáo dục", "Y tế", "Công Thương", "Xây dựng", "Giao thông vận tải", "Viên chức"]


def federation_name(place: str) -> str:
    level = "thành phố" if place in CITIES else "tỉnh"
    return f"Liên đoàn Lao động {level} {place}"


def intermediate_name(rng: random.Random, parent_kind: str, place: str, n: int) -> tuple[str, str]:
    """(kind, name) of the n-th lower federation of a provincial or sector federation."""
    if parent_kind == "sector":
        return "sector", f"Công đoàn Tổng công ty {rng.choice(_TRADES)} {place} số {n}"
    if n % 5 == 0:
        sector = _LOCAL_SECTORS[(n // 5) % len(_LOCAL_SECTORS)]
        return "sector", f"Công đoàn ngành {sector} {federation_name(place)[19:]} số {n}"
    return "district", f"Liên đoàn Lao động huyện {rng.choice(_PLACES)} số {n}"


def grassroots_name(rng: random.Random, n: int) -> str:
    if rng.random() < 0.3:
        return f"Công đoàn cơ sở {rng.choice(_SCHOOLS)} {rng.choice(_PLACES)} số {n}"
    return (
        f"Công đoàn cơ sở {rng.choice(_FORMS)} {rng.choice(_TRADES)} {rng.choice(_PLACES)} số {n}"
    )


def person(rng: random.Random) -> str:
    middle = rng.choice(["Văn", "Thị", "Đức", "Minh", "Thu", "Quốc"])
    return f"{rng.choice(_SURNAMES)} {middle} {rng.choice(['An', 'Bình', 'Hạnh', 'Lâm', 'Tùng'])}"
