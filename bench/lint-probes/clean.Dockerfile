# syntax=docker/dockerfile:1
# Every probe concept done right: no mapped rule of any tool may report anything here.
FROM debian:12.5@sha256:8c922afad52cf8d5a08ac3c481f1bf7000b9a0df3ee39a3a4b1a7c5f3e2f1d0a AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 ca-certificates=20230311 \
    && rm -rf /var/lib/apt/lists/*
COPY . .
RUN curl -fsSL -o /src/tool.tgz https://example.com/tool.tgz && tar -xzf /src/tool.tgz | sort
FROM debian:12.5@sha256:8c922afad52cf8d5a08ac3c481f1bf7000b9a0df3ee39a3a4b1a7c5f3e2f1d0a
LABEL org.opencontainers.image.authors="ops@example.com"
WORKDIR /app
COPY --from=build /src/tool /app/tool
RUN useradd -r -u 10001 app
EXPOSE 8080
USER 10001
HEALTHCHECK --interval=30s CMD ["/app/tool", "health"]
CMD ["/app/tool"]
