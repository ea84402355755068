FROM debian:latest
USER 10001
CMD ["/bin/true"]
