#!/bin/sh
# autogen.sh: regenerate the build system from configure.ac and Makefile.am
set -e
srcdir=$(dirname "$0")
cd "$srcdir"
autopoint --force
autoreconf --install --force --warnings=all
