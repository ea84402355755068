FROM debian:12.5
ADD https://example.com/releases/tool /usr/local/bin/tool
USER 10001
CMD ["/usr/local/bin/tool"]
