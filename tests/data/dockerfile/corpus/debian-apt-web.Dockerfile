# A small web tools image on Debian, written the way many are.
FROM debian:bookworm-slim
LABEL org.opencontainers.image.title="webtools"
RUN apt-get update
RUN apt-get install -y curl ca-certificates
WORKDIR /srv
ADD app.sh /srv/app.sh
EXPOSE 8080
CMD ["/bin/sh", "/srv/app.sh"]
