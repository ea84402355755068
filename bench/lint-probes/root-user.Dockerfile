FROM debian:12.5
RUN echo built
USER root
CMD ["/bin/true"]
