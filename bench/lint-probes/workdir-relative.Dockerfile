FROM debian:12.5
WORKDIR app
USER 10001
CMD ["/bin/true"]
