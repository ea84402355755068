FROM debian:12
RUN useradd -r -u 10001 app
USER 10001
