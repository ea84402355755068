FROM debian:12.5
RUN sudo mkdir -p /opt/app
USER 10001
CMD ["/bin/true"]
