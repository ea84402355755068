FROM debian:12.5
ADD config.yaml /app/config.yaml
USER 10001
CMD ["/bin/true"]
