# zbb info and zbb get line up Chinese names by display width (utf8_pad):
# every kind line of info ends in the same terminal column, whatever the
# byte length of its Chinese name; counts follow imports.
. "$TOP/tests/cli/lib.sh"
new_book 2026
printf 'code,name\nA1,市教育局\nA2,市财政局\n' > ag.csv
expect_exit 0 "$ZBB" import agencies ag.csv
expect_exit 0 "$ZBB" info
printf '%s\n' "$out" > info.txt
grep -Eq '^  agencies +预算单位 +2$' info.txt || fail "agencies count: $out"
grep -Eq '^  priorities +大事要事保障清单 +0$' info.txt || fail "priorities: $out"
expect_exit 0 "$ZBB" get
printf '%s\n' "$out" > get.txt
python3 - info.txt get.txt <<'PY' || fail "misaligned: $(cat info.txt get.txt)"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = [l for l in open(sys.argv[1]).read().splitlines() if l.startswith("  ") and l.split()[0].isascii() and l.split()[0].isalpha()]
assert len(lines) == 19, lines  # the kinds of SPEC §4 (adjustments the 19th)
ends = {width(l) for l in lines}
assert len(ends) == 1, ends
# get: the '#' of the comment stands in one column on every line whose
# value fits its 12 columns (a longer value pushes it right, uncut)
cols = {width(l[:l.index("#")]) for l in open(sys.argv[2]).read().splitlines()
        if "#" in l and width(l.split()[1]) <= 12}
assert len(cols) == 1, cols
PY
true
