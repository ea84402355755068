# syntax=docker/dockerfile:1.7
FROM alpine:3.20 AS build
COPY . /src
RUN <<EOF
set -e
apk add --no-cache build-base=0.5-r3
make -C /src
EOF
COPY <<EOF /etc/app.conf
listen = 8080
EOF

FROM alpine:3.20
RUN apk add --no-cache tzdata=2024a-r1
COPY --from=build /src/app /usr/local/bin/app
COPY --from=build /etc/app.conf /etc/app.conf
USER 10001
HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1
CMD ["app"]
