FROM debian:12.5
COPY id_rsa /root/.ssh/id_rsa
USER 10001
CMD ["/bin/true"]
