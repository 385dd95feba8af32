#!/bin/sh
# man.sh — the man page and the installation (issue 14, "Also"): dl.1 is mandoc -Tlint clean;
# its COMMANDS section has every command of the table with the usage and example that 'help'
# gives, under the headings 'help' uses; FILES names the configured lessons and data paths;
# ENVIRONMENT names every variable dl reads; an ISO date, REPORTING BUGS, SEE ALSO, '$if dl'.
# Then 'make install' into a DESTDIR: the installed dl finds its lessons and says where they
# are, also when the installation is moved; 'make uninstall' leaves no file and no dl directory.
# MAN_PAGE (default: the build's dl.1) checks another page, e.g. an old one.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99
: "${TOP_BUILDDIR:?}" "${PKGDATADIR:?}"
MAN=${MAN_PAGE:-$TOP_BUILDDIR/dl.1}
[ -f "$MAN" ] || { fail "no man page at $MAN"; finish; exit; }

# ---- the page as roff source ----
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tlint "$MAN" >lint.txt 2>&1
	[ -s lint.txt ] && { fail "mandoc -Tlint is not clean"; head -20 lint.txt; } || ok
else
	echo "SKIP (one check): mandoc is not installed (apt-get install mandoc)"
fi
grep -Eq '^\.TH DL 1 "?[0-9]{4}-[0-9]{2}-[0-9]{2}"? ' "$MAN" && ok || fail "the .TH line has no ISO date (YYYY-MM-DD)"

# The text of the page: roff escapes undone, non-ASCII as '?', every line joined by a blank.
LC_ALL=C sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(ga/`/g' \
	-e 's/\\\[u[0-9A-F]*\]/?/g' -e 's/\\&//g' -e 's/\\~/ /g' -e 's/\\e/\\/g' "$MAN" | tr '\n' ' ' >flat.txt
echo >>flat.txt
ascii() { LC_ALL=C sed 's/[\xc0-\xf7][\x80-\xbf]*/?/g'; }
# one section of the page (SECTION to the next .SH), joined
section() { sed -n "/^\.SH $1\$/,/^\.SH /p" "$MAN" | sed '$d'; }

# ---- the COMMANDS section against 'help' ----
"$DL" -c help >help.txt 2>&1
sed -n 's/^  \([a-z]*\) .*/\1/p' help.txt >names.txt
[ "$(wc -l <names.txt)" -ge 40 ] && ok || { fail "'help' lists only $(wc -l <names.txt) commands"; cat help.txt; }
missing=
while read -r name; do
	"$DL" -c "help $name" >h.txt 2>&1
	# the usage lines ('usage: ' and the indented ones after it) and the example
	{ sed -n 's/^usage: //p; /^usage: /,/^[^ ]/s/^       //p' h.txt; sed -n 's/^example: /Example: /p' h.txt; } |
		sed 's/  */ /g' | ascii >want.txt
	grep -qF ".TP .B $name " flat.txt || { missing="$missing $name"; continue; }
	while IFS= read -r line; do
		grep -qF -- "$line" flat.txt || { fail "the man page's $name lacks: $line"; continue 2; }
	done <want.txt
	ok
done <names.txt
[ -z "$missing" ] && ok || fail "commands missing from the man page:$missing"
# the groups' headings are help's, in help's order
sed -n '/^$/,$s/^\([a-z][a-z ]*\):$/\1/p' help.txt >groups-help.txt
sed -n '/^\.SH COMMANDS$/,/^\.SH /s/^\.SS //p' "$MAN" | tr 'A-Z' 'a-z' >groups-man.txt
if [ -s groups-help.txt ] && cmp -s groups-help.txt groups-man.txt; then ok; else
	fail "the man page's command groups are not help's"; paste groups-help.txt groups-man.txt; fi

# ---- FILES, ENVIRONMENT, the rest ----
section FILES >files.txt
grep -qF "$PKGDATADIR/lessons" files.txt && grep -qF "$PKGDATADIR/data" files.txt && ok ||
	fail "FILES does not name the configured $PKGDATADIR/lessons and $PKGDATADIR/data"
grep -qF 'XDG_STATE_HOME/dl/history' files.txt && grep -qF 'XDG_STATE_HOME/dl/progress' files.txt &&
	grep -qF '.local/state/dl' files.txt && ok || fail "FILES lacks the history and progress files"
section ENVIRONMENT >env.txt
vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)' "$TOP_SRCDIR/src" | sed 's/getenv("\(.*\)")/\1/' | sort -u)
[ -n "$vars" ] && ok || fail "found no getenv in $TOP_SRCDIR/src"
for v in $vars INPUTRC; do
	grep -Eq "^\.(B|BR|I|IR) (.*[ \"])?$v([= \"]|\$)" env.txt && ok || fail "ENVIRONMENT does not describe $v"
done
grep -qF '$if' env.txt && ok || fail "ENVIRONMENT does not say \$if dl for the inputrc"
grep -q '^\.SH SEE ALSO$' "$MAN" && grep -q 'readline (3)' "$MAN" && ok || fail "no SEE ALSO with readline(3)"
section 'REPORTING BUGS' | grep -q 'https://' && ok || fail "REPORTING BUGS has no address"
grep -q '^\.SH BUGS$' "$MAN" && ok || fail "no BUGS section"

# ---- make install into a DESTDIR, the installed dl, make uninstall ----
[ -n "$MAN_PAGE" ] && { finish; exit; } # another page: nothing to install
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$TOP_BUILDDIR" "$@" DESTDIR="$TMPD/inst" >make.txt 2>&1; }
if mk install; then ok; else fail "make install DESTDIR=… failed"; tail -20 make.txt; finish; exit; fi
bin=$(find inst -path '*/bin/dl' -type f)
man=$(find inst -path '*/man1/dl.1' -type f)
lessons=$(find inst -path "*$PKGDATADIR/lessons" -type d)
[ -n "$bin" ] && [ -n "$lessons" ] && ok || { fail "make install did not install bin/dl and $PKGDATADIR/lessons"; find inst; }
[ -n "$man" ] && cmp -s "$man" "$TOP_BUILDDIR/dl.1" && ok || fail "the installed man page is not the build's dl.1"
# the installed dl finds its lessons without the tests' variables, and says where they are
lessons_here() {
	env -u DL_LESSONS -u DL_DATA "$1" -c 'lessons; data load dates.csv' >out.txt 2>&1
	grep -q 'One neuron' out.txt && grep -qF "they are in $(cd "$2" && pwd -P):" out.txt && grep -q samples out.txt
}
lessons_here "$bin" "$lessons" && ok || { fail "the installed dl does not find (or name) its lessons"; cat out.txt; }
mv inst moved && lessons_here "moved/${bin#inst/}" "moved/${lessons#inst/}" && ok ||
	{ fail "a moved installation does not find its lessons"; cat out.txt; }
mv moved inst
if mk uninstall; then ok; else fail "make uninstall failed"; tail -20 make.txt; fi
left=$(find inst -type f; find inst -type d -path "*$PKGDATADIR*")
[ -z "$left" ] && ok || { fail "make uninstall left:"; echo "$left"; }
finish
