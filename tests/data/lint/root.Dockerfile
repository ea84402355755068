# A Dockerfile whose last USER is root, with a pragma that hadolint users write.
FROM debian:12 AS build
RUN true

FROM debian:12
# hadolint ignore=DL3002
USER root
USER 0:0
