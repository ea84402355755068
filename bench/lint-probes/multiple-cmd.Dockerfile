FROM debian:12.5
USER 10001
CMD ["/bin/true"]
CMD ["/bin/false"]
