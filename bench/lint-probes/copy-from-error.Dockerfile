FROM golang:1.22 AS builder
RUN go build -o /out/app .
FROM debian:12.5
COPY --from=bulider /out/app /usr/local/bin/app
USER 10001
CMD ["/usr/local/bin/app"]
