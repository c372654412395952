#!/bin/sh
# gen_items.sh N DIR - write DIR/agencies.csv, DIR/projects.csv and
# DIR/items.csv with N item rows (100 items per project, 100 projects per
# agency), for timing `zbb import items`.  Deterministic.
set -eu
n=${1:-1000000}; dir=${2:-.}
mkdir -p "$dir"
awk -v n="$n" -v dir="$dir" 'BEGIN {
  np = int((n + 99) / 100); na = int((np + 99) / 100)
  f = dir "/agencies.csv"; print "code,name,headcount,function" > f
  for (a = 1; a <= na; a++) printf "A%04d,市第%d局,%d,205\n", a, a, 50 + a % 100 > f
  f = dir "/projects.csv"; print "code,agency,name,kind,tier,function" > f
  for (p = 1; p <= np; p++) printf "P%06d,A%04d,\"项目%d,常规\",specific,general,20502\n", p, int((p - 1) / 100) + 1, p > f
  f = dir "/items.csv"; print "project,seq,content,economic,standard,unit,price,quantity,level" > f
  for (i = 0; i < n; i++) {
    p = int(i / 100) + 1; s = i % 100 + 1
    printf "P%06d,%d,办公设备购置%d,30201,S%02d,台,\"%d,%03d.%02d\",%d.%d,%d\n", p, s, i, s % 20, 1 + i % 9, i % 1000, i % 100, 1 + i % 50, i % 10, 1 + i % 3 > f
  }
}'
