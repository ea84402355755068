FROM registry.evil.example/app/base:1.0
USER 10001
CMD ["/bin/true"]
