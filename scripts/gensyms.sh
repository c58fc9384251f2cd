#!/bin/sh
# Turn `nm -n` output of the hv image into the assembly for its symbol table
# (see hv/common/symbols.c). Only text symbols are kept, plus _etext to
# bound the last function.
set -eu
awk 'BEGIN { n = 0 }
NF == 3 && $1 ~ /^ffffffff8/ && ($2 ~ /^[tTW]$/ || $3 == "_etext") {
	if ($1 == last) next
	last = $1
	addr[n] = $1; name[n] = $3; n++
}
END {
	print "\t.section .hvsyms, \"a\""
	print "\t.balign 8"
	print "\t.globl hv_symtab_count, hv_symtab_addr, hv_symtab_name, hv_symtab_strings"
	print "hv_symtab_count:\n\t.quad " n
	print "hv_symtab_addr:"
	for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
	print "hv_symtab_name:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "hv_symtab_strings:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}'
