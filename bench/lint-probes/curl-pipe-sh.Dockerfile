FROM debian:12.5
RUN curl -fsSL https://get.example.sh/install.sh | sh
USER 10001
CMD ["/bin/true"]
