FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM node:20 AS build
RUN npm ci
FROM debian:12.5
COPY --from=build /out/app /usr/local/bin/app
USER 10001
CMD ["/usr/local/bin/app"]
