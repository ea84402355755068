FROM debian:12.5
RUN chmod u+s /usr/local/bin/helper
USER 10001
CMD ["/bin/true"]
