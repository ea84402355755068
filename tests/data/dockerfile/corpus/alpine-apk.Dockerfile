FROM alpine:3.20
RUN apk update && apk add curl bash openssh
RUN apk add --no-cache ca-certificates=20240705-r0
RUN curl -fsSL https://example.com/install.sh | sh
COPY entrypoint.sh /usr/local/bin/
RUN chmod 777 /usr/local/bin/entrypoint.sh
EXPOSE 22 80
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
