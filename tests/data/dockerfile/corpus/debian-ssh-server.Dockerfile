# An "everything in one container" image with an SSH daemon for debugging.
FROM debian:bookworm
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
      openssh-server \
      procps \
    && mkdir -p /run/sshd
RUN mkdir -p /srv/data
EXPOSE 22 8080
USER root
CMD ["/usr/sbin/sshd", "-D"]
