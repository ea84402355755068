FROM debian:12.5
MAINTAINER ops@example.com
USER 10001
CMD ["/bin/true"]
