# Build an artefact in one stage, ship it in a slim one.
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends xz-utils && rm -rf /var/lib/apt/lists/*
COPY app.sh /src/app.sh
RUN xz -k /src/app.sh && ls -l /src
FROM debian:bookworm-slim
COPY --from=build /src/app.sh.xz /opt/app.sh.xz
RUN apt-get update && apt-get install procps
RUN ls /opt | sort
CMD ["sh", "-c", "xz -dc /opt/app.sh.xz | sh"]
