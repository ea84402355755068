FROM debian:12.5
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-server=1:9.2p1-2+deb12u2 \
    && rm -rf /var/lib/apt/lists/*
EXPOSE 22
USER 10001
CMD ["/usr/sbin/sshd", "-D"]
