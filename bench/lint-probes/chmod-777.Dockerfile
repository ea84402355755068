FROM debian:12.5
RUN mkdir /app && chmod 777 /app
USER 10001
CMD ["/bin/true"]
