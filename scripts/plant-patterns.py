#!/usr/bin/env python3
"""Plants cross-location patterns the demo generator never wrote into a 附件3-shaped export.

The planted problems (天然气 not connected, parking spaces sold but never let, low water pressure
from 二次供水, property fees raised without the owners' consent, tiles falling from the outer walls)
are told in words of their own, at estates with and without a name ending (金桂苑 / 书香门第), in
titles and bodies written in several ways. Used by scripts/eval-unseen-patterns; deterministic
(seeded).

Usage: plant-patterns.py OUT_CSV TRUTH_CSV [--seed N] [--per-estate K]
  OUT_CSV    the planted messages (留言编号, 留言用户, 留言主题, 留言时间, 留言详情, 反对数, 点赞数)
  TRUTH_CSV  complaint_id,planted_issue,planted_pattern,category,district,township,community,estate
             (the demo's ground-truth columns; complaint ids as the tipdm_fj3 profile makes them)
  --per-estate K  exactly K complaints at every estate (default 2-5 at random); with 1, every estate
                  is a single complaint and only the pattern can gather them
"""
import csv
import random
import sys

PATTERNS = {
    "gas_not_connected": (
        "城乡建设",
        [
            "{d}{e}至今未通天然气",
            "{e}天然气管道什么时候能通？",
            "请求尽快给{e}接通燃气",
            "{e}交了燃气开户费三年还没通气",
            "关于{d}{e}小区通天然气的诉求",
        ],
        [
            "我们是{d}{e}的业主，小区交房已经三年了，天然气一直没有通，每天只能用煤气罐做饭，很不安全。燃气公司说管网没有接过来，请领导协调尽快通气。",
            "{e}的住户反映，开发商收了每户三千多元的燃气初装费，到现在管道还没有接入。问燃气公司说是开发商没有报装，问开发商又推给燃气公司，希望有关部门督促解决。",
            "本人住在{d}{e}，入住两年了还在用液化气罐，小区的天然气管道早就埋好了却一直不通气，家里有老人小孩，用气罐太危险了，请求早日通天然气。",
            "{e}小区燃气问题：业主已缴纳燃气安装费，燃气公司迟迟不施工接驳，冬天到了烧水做饭都困难，恳请政府帮忙推动通气。",
        ],
    ),
    "parking_not_let": (
        "城乡建设",
        [
            "{e}地下车位只售不租",
            "{e}开发商强制业主购买车位",
            "{d}{e}车位不出租只卖",
            "{e}车库车位租售问题",
            "投诉{e}车位只卖不租",
        ],
        [
            "{e}的地下车库有几百个车位，开发商只卖不租，一个车位要价十几万，不买就不让停，业主只能把车停在小区外面的马路上，希望有关部门规范车位出租。",
            "我是{d}{e}业主，物业通知地下停车位今后只售不租，原来租的车位到期全部收回，这种做法是否合法？请相关部门查处。",
            "{e}开发商将车位高价出售，拒绝向业主出租，大量车位空置，业主车辆无处停放只能占用消防通道，请求督促开发商按规定出租车位。",
        ],
    ),
    "water_pressure": (
        "城乡建设",
        [
            "{e}高层水压不足经常停水",
            "{d}{e}二次供水问题",
            "{e}楼上住户用不上水",
            "反映{e}自来水水压太低",
        ],
        [
            "{d}{e}的高层住户一到用水高峰就没有水，二次供水的加压泵经常坏，物业说是供水公司的事，供水公司说是物业的事，我们十几楼的住户洗澡都成问题。",
            "{e}小区二次供水设施年久失修，水压很低，十楼以上白天基本没水，水质也发黄，请自来水公司和物业尽快检修加压设备。",
            "我们{e}的住户长期用水困难，楼层高的根本放不出水，反映多次没有结果，希望相关部门重视二次供水改造。",
        ],
    ),
    "fee_hike": (
        "城乡建设",
        [
            "{e}物业擅自上调物业费",
            "{d}{e}物业费涨价未经业主同意",
            "{e}物业公司乱涨价",
            "投诉{e}物业费上涨",
        ],
        [
            "{e}物业公司在没有召开业主大会的情况下，把物业费从每平米1.2元涨到1.8元，服务质量却越来越差，业主不交就停水停电，请物价部门查处。",
            "我是{d}{e}的业主，物业贴出通知说下个月起物业费上涨百分之五十，没有征求业主意见，也没有公示收支情况，这种涨价合理吗？",
            "{e}物业擅自提高收费标准，还对不交新标准物业费的业主停门禁卡，请住建局和发改局介入调查。",
        ],
    ),
    "falling_tiles": (
        "城乡建设",
        [
            "{e}外墙瓷砖脱落砸人",
            "{d}{e}外墙砖掉落存在安全隐患",
            "{e}楼房外墙砖频繁脱落",
            "请处理{e}外墙瓷砖掉落问题",
        ],
        [
            "{e}的外墙瓷砖最近接连脱落，前几天差点砸到楼下的小孩，物业只拉了警戒线，开发商说过了保修期不管，请住建部门督促维修。",
            "我家住在{d}{e}，这栋楼交房才五年，外墙砖已经大片掉落，下雨天更严重，楼下停的车被砸坏了好几辆，居民出门提心吊胆。",
            "{e}多栋楼外墙瓷砖空鼓脱落，业主多次找物业和开发商都相互推诿，维修基金也迟迟申请不下来，希望政府尽快排除安全隐患。",
        ],
    ),
}

ESTATES = {
    "gas_not_connected": ["金桂苑", "鹿鸣山庄", "丰泽园", "紫薇花苑", "云栖湾", "翰林华府", "青竹园", "锦绣江南"],
    "parking_not_let": ["恒大名都", "枫林绿洲", "书香门第", "盛世嘉园", "星河湾", "碧水蓝天", "朝阳新城"],
    "water_pressure": ["望江花园", "水岸华庭", "天骄福邸", "银杉小区", "春江苑", "华府名邸"],
    "fee_hike": ["幸福家园", "御景湾", "阳光100", "国际花园", "金色家园", "湘江一号", "兰亭雅苑"],
    "falling_tiles": ["桃源居", "芙蓉花园", "东方明珠小区", "凤凰城", "梧桐苑", "滨湖新村"],
}

DISTRICTS = ["A市A1区", "A市A2区", "A市A3区", "A市A4区", "A市A5区", "A市A6区", "A7县", "A9市"]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 20261123
    per_estate = int(argv[argv.index("--per-estate") + 1]) if "--per-estate" in argv else 0
    rnd = random.Random(seed)
    next_id = 900001
    with open(argv[1], "w", newline="", encoding="utf-8") as out, open(argv[2], "w", newline="", encoding="utf-8") as truth:
        w = csv.writer(out)
        t = csv.writer(truth)
        w.writerow(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "反对数", "点赞数"])
        t.writerow(["complaint_id", "planted_issue", "planted_pattern", "category", "district", "township", "community", "estate"])
        for pattern, (category, titles, bodies) in PATTERNS.items():
            for estate in ESTATES[pattern]:
                district = rnd.choice(DISTRICTS)
                for _ in range(per_estate or rnd.randint(2, 5)):
                    title = rnd.choice(titles).format(e=estate, d=district)
                    body = rnd.choice(bodies).format(e=estate, d=district)
                    when = f"2019/{rnd.randint(1, 12)}/{rnd.randint(1, 28)} {rnd.randint(8, 22)}:{rnd.randint(10, 59)}:00"
                    w.writerow([next_id, f"P{rnd.randint(1000000, 9999999)}", title, when, body, 0, rnd.randint(0, 5)])
                    t.writerow([f"tipdm_fj3:{next_id}", f"{pattern}@{estate}", pattern, category, district, "", "", estate])
                    next_id += 1


if __name__ == "__main__":
    main(sys.argv)
