FROM debian:12.5
EXPOSE 80
USER 10001
CMD ["/bin/true"]
