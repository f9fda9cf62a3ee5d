#!/usr/bin/env python3
"""Turns the Unihan readings and the vendored word lists (the common-password
list among them) into the read-only tables of the policy's lexicon
(declared in policy/word_data.h): the Mandarin readings of ideographs, and the
tries of built-in words and Pinyin syllables.

Everything is emitted as flat arrays of integers plus one string blob, so the
shared objects that link the policy library need no relocations for them.
"""
import argparse
import bz2
import math
import os
import sys
import unicodedata

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "base", "tables"))
from unicode_tables import c_string, int_array, write_atomically  # noqa: E402

TONED = {}
for plain, marks in {
    "a": "āáǎàa", "e": "ēéěèe", "i": "īíǐìi", "o": "ōóǒòo", "u": "ūúǔùu",
    "v": "ǖǘǚǜü", "m": "m̄ḿm̀", "n": "ńňǹ",
}.items():
    for ch in marks:
        TONED[ch] = plain
TONED["ê"] = "e"
TONED["ế"] = "e"
TONED["ề"] = "e"

def to_plain_pinyin(reading):
    out = []
    for ch in unicodedata.normalize("NFC", reading.lower()):
        out.append(TONED.get(ch, ch))
    plain = unicodedata.normalize("NFD", "".join(out))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    if not plain.isascii() or not plain.isalpha():
        raise ValueError(f"unexpected reading {reading!r}")
    return plain


def read_pinyin(path):
    """Every Mandarin reading of every ideograph: kMandarin, kHanyuPinyin,
    kXHC1983 and kTGHZ2013 together, so polyphonic surnames match all their
    readings. 'ü' becomes both 'v' and 'u', the two ways people type it."""
    readings = {}
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, field, value = line.rstrip("\n").split("\t")
            if field not in ("kMandarin", "kHanyuPinyin", "kXHC1983", "kTGHZ2013"):
                continue
            words = []
            for item in value.split():
                words.extend(item.split(":", 1)[-1].split(","))
            cp = int(code[2:], 16)
            bucket = readings.setdefault(cp, [])
            for word in words:
                plain = to_plain_pinyin(word)
                for spelling in (plain, plain.replace("v", "u")):
                    if spelling not in bucket:
                        bucket.append(spelling)
    return readings

# --- Built-in words and Pinyin syllables of the guessability matchers -------
# (read by policy/guess/trie.cc, declared in policy/word_data.h)

# File in the data directory, whether its line number is the rank (False: every
# entry gets the list's size as its rank), whether it is the common-password list.
WORD_LISTS = (
    ("common-passwords.txt", True, True),
    ("english-words.txt", True, False),
    ("last-names.txt", True, False),
    ("first-names.txt", False, False),
    ("diceware-words.txt", False, False),
    ("chinese-number-words.txt", False, False),
)
MAX_WORD_LENGTH = 24
COMMON_BIT = 0x80


def simple_lower(word):
    """Lowercase one code point for one, as the matchers fold the password."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in word)


def encode_rank(rank, common=False):
    """One byte: log10(rank) in steps of 1/20 plus one (0 means no entry), and
    COMMON_BIT for an entry of the common-password list."""
    return min(0x7F, 1 + round(math.log10(rank) * 20)) | (COMMON_BIT if common else 0)


def read_words(data_dir):
    """Every word of the lists with its best rank and whether it is a common password."""
    best = {}
    for name, ranked, common in WORD_LISTS:
        with open(os.path.join(data_dir, name), encoding="utf-8") as f:
            lines = [line.rstrip("\n") for line in f if line.strip()]
        for index, line in enumerate(lines):
            word = simple_lower(line)
            if len(word) > MAX_WORD_LENGTH:
                continue
            rank = index + 1 if ranked else len(lines)
            entry = best.setdefault(word, [rank, False])
            entry[0] = min(entry[0], rank)
            entry[1] = entry[1] or common
    return {word: encode_rank(rank, common) for word, (rank, common) in best.items()}


def read_syllable_counts(path):
    """kHanyuPinlu: how often each reading occurs in a corpus, summed per toneless
    syllable ('lü' counts for both 'lv' and 'lu', the two ways people type it)."""
    counts = {}
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if "\tkHanyuPinlu\t" not in line:
                continue
            for item in line.rstrip("\n").split("\t")[2].split():
                reading, count = item.rstrip(")").split("(")
                plain = to_plain_pinyin(reading)
                for spelling in {plain, plain.replace("v", "u")}:
                    counts[spelling] = counts.get(spelling, 0) + int(count)
    return counts


def pinyin_syllables(pinyin, counts):
    """Toneless syllables with a vowel ('m', 'ng', 'hm' are interjections, not
    syllables people spell words with), ranked by frequency; the ones without a
    count share the last rank."""
    syllables = {reading for readings in pinyin.values() for reading in readings
                 if set(reading) & set("aeiouv")}
    ordered = sorted(syllables, key=lambda s: (-counts.get(s, 0), s))
    return {s: encode_rank(index + 1 if counts.get(s, 0) else len(ordered))
            for index, s in enumerate(ordered)}


def trie_arrays(name, entries):
    """A trie of `entries` (word -> value byte) as flat arrays, nodes in
    breadth-first order so a node's children are consecutive:
      k{name}Alphabet: sorted code points; a label is its index plus one.
      k{name}AsciiLabels: the label of each ASCII code point, 0 for none.
      k{name}Nodes: (first child << 8) | label, one more entry than there are
        nodes, so the children of node i are [first(i), first(i + 1)).
      k{name}Values: the value byte of the word ending at the node, 0 for none.
      k{name}NearRoot: the children of the root and of its children by label."""
    alphabet = sorted({c for word in entries for c in word})
    if len(alphabet) > 255:
        raise ValueError(f"{name}: {len(alphabet)} distinct code points")
    label = {c: i + 1 for i, c in enumerate(alphabet)}
    root = {}
    for word, value in entries.items():
        node = root
        for c in word:
            node = node.setdefault(c, {})
        node[None] = value
    nodes, values, queue, next_id = [], [], [(root, 0)], 1
    for node, node_label in queue:
        children = sorted((c for c in node if c is not None), key=label.get)
        nodes.append(next_id << 8 | node_label)
        values.append(node.get(None, 0))
        for c in children:
            queue.append((node[c], label[c]))
        next_id += len(children)
    nodes.append(next_id << 8)
    ascii_labels = [label.get(chr(c), 0) for c in range(128)]
    return [int_array("char32_t", f"k{name}Alphabet", [ord(c) for c in alphabet]),
            int_array("unsigned char", f"k{name}AsciiLabels", ascii_labels, per_line=32),
            int_array("std::uint32_t", f"k{name}Nodes", nodes),
            int_array("unsigned char", f"k{name}Values", values, per_line=32),
            int_array("std::uint32_t", f"k{name}NearRoot", near_root(nodes, len(alphabet) + 1))]


NO_NODE = 0xFFFFFFFF


def near_root(nodes, row_size):
    """The children of the root and of each of its children, by label: row r
    of `row_size` entries holds node r's (the root's children are nodes 1..n),
    NO_NODE where there is none. Every walk starts there, so the tables are
    built here rather than at the first check of a process."""
    def first(node):
        return nodes[node] >> 8
    rows = first(1) - first(0) + 1
    table = [NO_NODE] * (rows * row_size)
    for parent in range(rows):
        for child in range(first(parent), first(parent + 1)):
            table[parent * row_size + (nodes[child] & 0xFF)] = child
    return table


def guess_tables(data_dir, unihan_readings, pinyin):
    """The word trie also answers whether a whole password is a common one:
    the list is not kept a second time."""
    words = read_words(data_dir)
    common = sum(1 for value in words.values() if value & COMMON_BIT)
    counts = read_syllable_counts(unihan_readings)
    return (trie_arrays("Word", words) +
            [f"const std::size_t kCommonPasswordCount = {common};\n"] +
            trie_arrays("Syllable", pinyin_syllables(pinyin, counts)))

def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--unicode-dir", required=True)
    parser.add_argument("--words-dir", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    readings_path = os.path.join(args.unicode_dir, "Unihan_Readings.txt.bz2")
    pinyin = read_pinyin(readings_path)

    out = ['// Generated by policy/tables/generate.py. Do not edit.',
           '#include "policy/word_data.h"',
           'namespace pam_idaas::policy::data {']
    blob = bytearray()
    cps, offsets = [], []
    for cp in sorted(pinyin):
        cps.append(cp)
        offsets.append(len(blob))
        blob += " ".join(pinyin[cp]).encode("ascii")
    offsets.append(len(blob))
    out.append(int_array("char32_t", "kPinyinCodePoints", cps))
    out.append(int_array("std::uint32_t", "kPinyinOffsets", offsets))
    out.append(f"const char kPinyinText[] =\n{c_string(bytes(blob))};\n")

    out.extend(guess_tables(args.words_dir, readings_path, pinyin))
    out.append("}  // namespace pam_idaas::policy::data\n")
    write_atomically(args.output, out)


if __name__ == "__main__":
    main()
