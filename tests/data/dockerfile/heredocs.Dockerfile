# syntax=docker/dockerfile:1
# Heredocs: a script, two on one line, <<- with tabs, quoted delimiters, the escape character
# inside a body (kept verbatim).
FROM alpine
RUN <<EOF
set -e
apk add --no-cache git \
  make
EOF
COPY <<one.txt <<"two.txt" /dst/
first $HOME
one.txt
second $HOME
two.txt
RUN <<-'END' bash
	echo tabs stripped
	END
RUN python3 <<PY
print("not shell")
PY
