FROM debian:12.5
RUN wget -qO- https://example.com/data.tgz | tar -xz -C /opt
USER 10001
CMD ["/bin/true"]
